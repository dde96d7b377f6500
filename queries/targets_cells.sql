-- targets_cells
-- Target cells in force: the default cells derived from the project sheet (reference/targets.csv),
-- with those of each indicator that the data version's own cibles.csv (imported « Cibles » sheet) gives.
-- grain: indicator x commune x partner x year x sex x setting (null = not split along it)
-- params: none
select indicator, commune, partner, year, sex, setting, target
from ref_targets
order by indicator, commune, partner, year, sex, setting
