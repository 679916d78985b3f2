-- One district, one name: enterprises and targets name their district by its GB/T 2260 code
-- (assets/gb2260.tsv). `district` keeps the name, now the table's full name for every row that
-- has a code, so lists, filters and per-district sums need no join. Existing free text is
-- mapped to codes in Rust right after this migration (store::districts::map_free_text, which
-- knows the table); a row whose text matches no code keeps it, with no code, and
-- `seedbed check` lists it.
ALTER TABLE enterprises ADD COLUMN district_code TEXT;
ALTER TABLE targets ADD COLUMN district_code TEXT;
CREATE INDEX enterprises_district_code ON enterprises(district_code);
-- The rows still to map (or that matched nothing): found without reading every row.
CREATE INDEX enterprises_unmapped_district ON enterprises(district) WHERE district_code IS NULL;
