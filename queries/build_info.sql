-- purpose: What the data file says about itself: where it came from, up to which day it can
--     describe, and the data version to cite with every figure. Metadata, not an indicator.
-- grain: one row (the file's build_info row)
-- period: none: the filters do not apply
-- years: none
-- tables: build_info
-- params:
-- ignores: regions, period_from, period_to, modules, age_bands, include_flanders
-- columns:
--   built_at TIMESTAMP  when the file was built or ingested
--   source VARCHAR  'synthetic' or 'ingest'
--   synthetic BOOLEAN  true for the synthetic default data
--   seed INTEGER  generator seed (synthetic only, else null)
--   scale DOUBLE  generator scale (synthetic only, else null)
--   extract_date DATE  the last day the data can describe
--   data_version VARCHAR  extract date plus content fingerprint; cite it with every figure
-- protect:
--   label: seed, scale
-- notes:
--   Has no area column: it describes the file, not a region.

with

info as (
    select * from build_info
),

final as (
    select
        built_at,
        source,
        synthetic,
        seed,
        scale,
        extract_date,
        data_version
    from info
    order by built_at desc
    limit 1
)

select * from final
