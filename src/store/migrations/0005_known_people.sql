CREATE TABLE `app_setting` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `known_name_part` (
	`huvudman_id` text NOT NULL,
	`hash` text NOT NULL,
	`role` text NOT NULL,
	FOREIGN KEY (`huvudman_id`) REFERENCES `huvudman`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `known_name_part_key` ON `known_name_part` (`huvudman_id`,`hash`,`role`);