-- figures: which year's figures a ranking used, and which components lacked them (issue 14,
-- item 6). A component whose figures are missing is shown as unknown instead of a silent 0.
ALTER TABLE rankings ADD COLUMN figures_year INTEGER;
ALTER TABLE rankings ADD COLUMN innovation_known INTEGER;
ALTER TABLE rankings ADD COLUMN growth_known INTEGER;
-- Rankings made before this version were ranked on the figures of the year before theirs;
-- whether a component was known was not recorded (NULL: shown as before).
UPDATE rankings SET figures_year = year - 1;
