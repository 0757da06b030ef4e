CREATE TABLE `classifier_model` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` text NOT NULL,
	`trained_on` integer NOT NULL,
	`state` text NOT NULL
);
