-- The fit as one row that the regime views cross-join (a view cannot take parameters). Lists are
-- bound as JSON text: regime n is element n of keys and centres, and of each sensor's means and sds.
CREATE OR REPLACE TEMP TABLE regime_fit AS
SELECT $decimals::INTEGER[] AS decimals, $scale::DOUBLE[] AS scale,
       $keys::DOUBLE[][] AS keys, $centres::DOUBLE[][] AS centres,
       $means::DOUBLE[][] AS means, $sds::DOUBLE[][] AS sds;

-- The regime whose centre is nearest the point (the first of equally near ones).
CREATE OR REPLACE TEMP MACRO gold_nearest_regime(centres, point) AS
  list_position(list_transform(centres, c -> list_distance(c, point)), list_min(list_transform(centres, c -> list_distance(c, point))));
