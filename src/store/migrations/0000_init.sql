CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`detail` text,
	`result_count` integer
);
--> statement-breakpoint
CREATE TABLE `dialog` (
	`id` text PRIMARY KEY NOT NULL,
	`huvudman_id` text NOT NULL,
	`cykel` integer NOT NULL,
	`omgang` integer NOT NULL,
	FOREIGN KEY (`huvudman_id`) REFERENCES `huvudman`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dialog_hm_cycle_round` ON `dialog` (`huvudman_id`,`cykel`,`omgang`);--> statement-breakpoint
CREATE TABLE `embedding` (
	`passage_num` integer PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`vector` blob NOT NULL,
	FOREIGN KEY (`passage_num`) REFERENCES `passage`(`num`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `huvudman` (
	`id` text PRIMARY KEY NOT NULL,
	`namn` text NOT NULL,
	`orgnr` text,
	`typ` text NOT NULL,
	`juridisk_form` text,
	`antal_barn_elever` integer,
	`skolformer` text NOT NULL,
	`region` text NOT NULL,
	`kommun` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `label` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`note_id` text NOT NULL,
	`label_id` text NOT NULL,
	`source` text NOT NULL,
	`positive` integer NOT NULL,
	`score` real,
	`evidence` text,
	`reviewer` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`note_id`) REFERENCES `note`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `label_target_source` ON `label` (`target_kind`,`target_id`,`label_id`,`source`);--> statement-breakpoint
CREATE INDEX `label_note` ON `label` (`note_id`);--> statement-breakpoint
CREATE TABLE `note` (
	`id` text PRIMARY KEY NOT NULL,
	`dialog_id` text NOT NULL,
	`huvudman_id` text NOT NULL,
	`typ` text NOT NULL,
	`datum` text NOT NULL,
	`status` text NOT NULL,
	`deltagare_roller` text NOT NULL,
	`text` text,
	`content_hash` text NOT NULL,
	`source_file` text NOT NULL,
	`imported_at` text NOT NULL,
	FOREIGN KEY (`dialog_id`) REFERENCES `dialog`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`huvudman_id`) REFERENCES `huvudman`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `note_huvudman` ON `note` (`huvudman_id`);--> statement-breakpoint
CREATE INDEX `note_status` ON `note` (`status`);--> statement-breakpoint
CREATE TABLE `passage` (
	`num` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`note_id` text NOT NULL,
	`ord` integer NOT NULL,
	`paragraph` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`note_id`) REFERENCES `note`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `passage_id_unique` ON `passage` (`id`);--> statement-breakpoint
CREATE INDEX `passage_note` ON `passage` (`note_id`);--> statement-breakpoint
CREATE TABLE `vector_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`passage_num` integer NOT NULL,
	`op` text NOT NULL
);
