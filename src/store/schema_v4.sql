-- The pinyin sort key of an enterprise's name goes: only `seedbed list --sort name` read it,
-- and that command now computes the key as it sorts (the SQL function `pinyin_key`). It was the
-- widest column after the name (about 57 bytes of each row's 350), so every enterprise page holds
-- more rows and a bulk import writes a sixth less. Change-log rows that name the column are put
-- back without it (store::changes skips columns a table no longer has).
ALTER TABLE enterprises DROP COLUMN name_key;
