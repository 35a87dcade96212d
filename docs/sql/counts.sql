-- The sufficient statistics of `journey-designer fit`, as `fit --counts` reads them.
-- Needs two tables (or views):
--   events(person, ts, event, referrer)  -- one row per event; ts a TIMESTAMP (UTC),
--                                         -- referrer NULL or '' when none
--   step_events(step_id, step_order, pattern, pattern_order)
--                                         -- one row per entry of a step's `events`;
--                                         -- a step without `events`: one row with its id
--                                         -- as the pattern and pattern_order -1
-- and the two numbers in `params`: the period length in seconds and --lost-after.
WITH params AS (
  SELECT 86400 AS period_seconds, 1 AS lost_after
),
patterns AS (
  SELECT step_id, step_order, pattern_order,
         CASE WHEN pattern LIKE '%*%' THEN 0
              WHEN pattern_order < 0 THEN 1
              ELSE 2 END AS priority,
         LENGTH(REPLACE(pattern, '*', '')) AS fixed,
         REPLACE(REPLACE(REPLACE(REPLACE(pattern, '\', '\\'), '%', '\%'), '_', '\_'),
                 '*', '%') AS like_pattern
  FROM step_events
),
-- Each distinct event name's step: an exact name first, then the pattern with the most
-- characters other than *, then the step listed first, then its pattern listed first.
name_steps AS (
  SELECT event, step_id, step_order
  FROM (
    SELECT n.event, p.step_id, p.step_order,
           ROW_NUMBER() OVER (PARTITION BY n.event
                              ORDER BY p.priority DESC, p.fixed DESC,
                                       p.step_order, p.pattern_order) AS rn
    FROM (SELECT DISTINCT event FROM events) n
    JOIN patterns p ON n.event LIKE p.like_pattern ESCAPE '\'
  ) ranked
  WHERE rn = 1
),
mapped AS (
  SELECT e.person, e.ts, s.step_id, s.step_order,
         CASE WHEN e.referrer = '' OR e.referrer = e.person THEN NULL
              ELSE e.referrer END AS referrer,
         CAST(FLOOR(EPOCH(e.ts) / params.period_seconds) AS BIGINT) AS period
  FROM events e
  JOIN name_steps s ON e.event = s.event
  CROSS JOIN params
),
-- A person's step at the end of each period with an event: that of the latest event
-- (at equal times, the step listed later).
states AS (
  SELECT person, period, step_id, step_order
  FROM (
    SELECT person, period, step_id, step_order,
           ROW_NUMBER() OVER (PARTITION BY person, period
                              ORDER BY ts DESC, step_order DESC) AS rn
    FROM mapped
  ) ranked
  WHERE rn = 1
),
bounds AS (
  SELECT MIN(period) AS first_period, MAX(period) AS last_period FROM mapped
),
periods AS (
  SELECT DISTINCT period FROM mapped
),
seq AS (
  SELECT person, period, step_id,
         LAG(period) OVER (PARTITION BY person ORDER BY period) AS prev_period,
         LEAD(period) OVER (PARTITION BY person ORDER BY period) AS next_period,
         LEAD(step_id) OVER (PARTITION BY person ORDER BY period) AS next_step
  FROM states
),
-- A referrer's step at the end of the period before: of their latest period with an event
-- within lost_after periods before it.
referrer_steps AS (
  SELECT person, period, step_id, step_order
  FROM (
    SELECT m.person, m.period, m.referrer, r.step_id, r.step_order,
           ROW_NUMBER() OVER (PARTITION BY m.person, m.period, m.referrer
                              ORDER BY r.period DESC) AS rn
    FROM (SELECT DISTINCT person, period, referrer FROM mapped
          WHERE referrer IS NOT NULL) m
    CROSS JOIN params
    LEFT JOIN states r
      ON r.person = m.referrer
     AND r.period < m.period
     AND r.period >= m.period - params.lost_after
  ) ranked
  WHERE rn = 1
),
-- Several referrers in one period: the one at the step listed first (at no step: last).
entry_referrers AS (
  SELECT person, period, step_id
  FROM (
    SELECT person, period, step_id,
           ROW_NUMBER() OVER (PARTITION BY person, period
                              ORDER BY CASE WHEN step_order IS NULL THEN 1 ELSE 0 END,
                                       step_order) AS rn
    FROM referrer_steps
  ) ranked
  WHERE rn = 1
),
counted AS (
  -- Arrivals: the first period of a life (a person's first, or after lost_after silent ones).
  SELECT s.period,
         CASE WHEN r.person IS NULL THEN 'new' ELSE 'referred' END AS kind,
         r.step_id AS from_step, s.step_id AS to_step
  FROM seq s
  CROSS JOIN params
  LEFT JOIN entry_referrers r ON r.person = s.person AND r.period = s.period
  WHERE s.prev_period IS NULL OR s.period - s.prev_period > params.lost_after
  UNION ALL
  -- Silent periods short of lost_after: stays at the step.
  SELECT p.period, 'stay', s.step_id, s.step_id
  FROM seq s
  CROSS JOIN params
  JOIN periods p ON p.period >= s.period AND p.period < s.next_period - 1
  WHERE s.next_period - s.period <= params.lost_after
  UNION ALL
  -- The period before the next event: a stay or a move.
  SELECT s.next_period - 1,
         CASE WHEN s.next_step = s.step_id THEN 'stay' ELSE 'move' END,
         s.step_id, s.next_step
  FROM seq s
  CROSS JOIN params
  WHERE s.next_period - s.period <= params.lost_after
  UNION ALL
  -- Lost: lost_after silent periods follow, all within the log.
  SELECT s.period, 'lost', s.step_id, NULL
  FROM seq s
  CROSS JOIN params
  CROSS JOIN bounds b
  WHERE (s.next_period IS NULL OR s.next_period - s.period > params.lost_after)
    AND s.period + params.lost_after <= b.last_period
)
SELECT period, kind, from_step, to_step, COUNT(*) AS count
FROM counted
GROUP BY period, kind, from_step, to_step
UNION ALL
SELECT b.first_period, 'log_first', NULL, NULL, COUNT(*)
FROM mapped m CROSS JOIN bounds b WHERE m.period = b.first_period
GROUP BY b.first_period
UNION ALL
SELECT b.last_period, 'log_last', NULL, NULL, COUNT(*)
FROM mapped m CROSS JOIN bounds b WHERE m.period = b.last_period
GROUP BY b.last_period
ORDER BY period, kind, from_step, to_step
