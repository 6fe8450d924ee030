"""Time per stage at any size: stays counted by company, stage, month entered and whole hours.

The time-per-stage dashboard over every stay (``oms.stage.time.report``) sorts all of them for its
medians: eight million stays at a million orders, seconds per reading. This overview reads a summary
instead, a table of (company, stage, month the stay began, its length in whole hours, stays) kept by the
history's own triggers, whoever writes the rows:

- it is only ever inserted into: a closed stay adds a row of +1, a stay whose dates change or that is
  deleted adds -1 under its old key and +1 under the new. Concurrent moves never update the same row, so
  they never wait on each other or fail to serialize (Odoo's transactions are REPEATABLE READ);
- a daily scheduled action folds the rows of each key into one, so the table stays as small as the
  number of distinct keys (stages x months x hours).

Average, median and 90th percentile are those of the stays rounded to the hour, weighted by their count:
``percentile_cont``'s interpolation over the stays, computed from the counts (``oms_weighted_percentile``).
The per-stay report stays for what the overview cannot split by: customer, team, salesperson, order.
"""

from odoo import api, fields, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from .oms_kpi_base_report import PERCENTILES

# A stay counts when the engine closed it (date_left) and it was in a stage (skips are no stays).


def _count_rows(source, sign):
    """INSERT the stays of ``source`` (a relation with the history's columns) counted ``sign`` times."""
    return SQL(
        """
        INSERT INTO oms_stage_stay_count (company_id, stage_id, month, hours, stays)
        SELECT counted.company_id, counted.to_stage_id, date_trunc('month', counted.date)::date,
               round(EXTRACT(EPOCH FROM counted.date_left - counted.date) / 3600.0)::int, %s * count(*)
          FROM %s counted
         WHERE counted.date_left IS NOT NULL AND counted.to_stage_id IS NOT NULL
      GROUP BY 1, 2, 3, 4
        """,
        SQL(str(int(sign))),
        SQL.identifier(source),
    )


class OmsStageTimeSummary(models.Model):
    _name = "oms.stage.time.summary"
    _description = "Time per Stage (Overview)"
    _auto = False
    _rec_name = "stage_id"
    _order = "month desc, stage_id"

    company_id = fields.Many2one("res.company", readonly=True)
    stage_id = fields.Many2one("oms.stage", readonly=True)
    month = fields.Date(string="Entered In", readonly=True)
    stays = fields.Integer(readonly=True, aggregator="sum")
    stage_days = fields.Float(string="Days in Stage (average)", readonly=True, aggregator="avg")
    stage_days_median = fields.Float(string="Days in Stage (median)", readonly=True, aggregator="median")
    stage_days_p90 = fields.Float(string="Days in Stage (90th percentile)", readonly=True, aggregator="p90")

    def init(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            CREATE TABLE IF NOT EXISTS oms_stage_stay_count (
                id bigserial PRIMARY KEY,
                company_id integer NOT NULL,
                stage_id integer NOT NULL,
                month date NOT NULL,
                hours integer NOT NULL,
                stays integer NOT NULL
            );
            CREATE INDEX IF NOT EXISTS oms_stage_stay_count_key_index
                ON oms_stage_stay_count (company_id, stage_id, month, hours);

            CREATE OR REPLACE FUNCTION oms_stage_stay_count_inserted() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            BEGIN
                %(inserted)s;
                RETURN NULL;
            END
            $body$;
            CREATE OR REPLACE FUNCTION oms_stage_stay_count_changed() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            BEGIN
                %(before_change)s;
                %(after_change)s;
                RETURN NULL;
            END
            $body$;
            CREATE OR REPLACE FUNCTION oms_stage_stay_count_deleted() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            BEGIN
                %(deleted)s;
                RETURN NULL;
            END
            $body$;
            DROP TRIGGER IF EXISTS oms_stage_stay_count_inserted ON oms_stage_history;
            CREATE TRIGGER oms_stage_stay_count_inserted AFTER INSERT ON oms_stage_history
                REFERENCING NEW TABLE AS inserted
                FOR EACH STATEMENT EXECUTE FUNCTION oms_stage_stay_count_inserted();
            DROP TRIGGER IF EXISTS oms_stage_stay_count_changed ON oms_stage_history;
            CREATE TRIGGER oms_stage_stay_count_changed AFTER UPDATE ON oms_stage_history
                REFERENCING OLD TABLE AS before_change NEW TABLE AS after_change
                FOR EACH STATEMENT EXECUTE FUNCTION oms_stage_stay_count_changed();
            DROP TRIGGER IF EXISTS oms_stage_stay_count_deleted ON oms_stage_history;
            CREATE TRIGGER oms_stage_stay_count_deleted AFTER DELETE ON oms_stage_history
                REFERENCING OLD TABLE AS deleted
                FOR EACH STATEMENT EXECUTE FUNCTION oms_stage_stay_count_deleted();

            -- percentile_cont(fraction) of a multiset given as values sorted in order and their counts; a
            -- value may come several times (a key's rows before they are folded, counts of -1 among them).
            CREATE OR REPLACE FUNCTION oms_weighted_percentile(vals float8[], counts bigint[], fraction float8)
            RETURNS float8 LANGUAGE plpgsql IMMUTABLE AS $body$
            DECLARE
                total bigint;
                rank_at float8;
                below bigint;
                above bigint;
                seen bigint := 0;
                net bigint;
                this_value float8;
                low float8;
                high float8;
                i integer := 1;
                how_many integer := coalesce(array_length(vals, 1), 0);
            BEGIN
                SELECT sum(value) INTO total FROM unnest(counts) AS value;
                IF total IS NULL OR total <= 0 THEN
                    RETURN NULL;
                END IF;
                rank_at := fraction * (total - 1);
                below := floor(rank_at);
                above := ceil(rank_at);
                WHILE i <= how_many LOOP
                    this_value := vals[i];
                    net := 0;
                    WHILE i <= how_many AND vals[i] = this_value LOOP
                        net := net + counts[i];
                        i := i + 1;
                    END LOOP;
                    CONTINUE WHEN net <= 0;
                    seen := seen + net;  -- ranks seen - net .. seen - 1 hold this value
                    IF low IS NULL AND below < seen THEN
                        low := this_value;
                    END IF;
                    IF above < seen THEN
                        high := this_value;
                        EXIT;
                    END IF;
                END LOOP;
                RETURN low + (rank_at - below) * (high - low);
            END
            $body$;
            """,
                inserted=_count_rows("inserted", 1),
                before_change=_count_rows("before_change", -1),
                after_change=_count_rows("after_change", 1),
                deleted=_count_rows("deleted", -1),
            )
        )
        # First install, or an upgrade to this version: count the stays already closed.
        cr.execute("SELECT 1 FROM oms_stage_stay_count LIMIT 1")
        if not cr.fetchone():
            cr.execute(_count_rows("oms_stage_history", 1))
        # The overview: one row per key (the daily fold makes it so; until then a key may have several).
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT id, company_id, stage_id, month, stays, hours / 24.0 AS stage_days,
                           hours / 24.0 AS stage_days_median, hours / 24.0 AS stage_days_p90
                      FROM oms_stage_stay_count
                )
                """,
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Counts are of stays, not rows, and each measure is weighted by the row's stays."""
        stays = self._field_to_sql(self._table, "stays", query)
        if aggregate_spec == "__count":
            return SQL("SUM(%s)", stays)
        fname, _property, func = parse_read_group_spec(aggregate_spec)
        if fname in ("stage_days", "stage_days_median", "stage_days_p90") and func in ("avg", *PERCENTILES):
            days = self._field_to_sql(self._table, fname, query)
            if func == "avg":
                return SQL("SUM(%s * %s) / NULLIF(SUM(%s), 0)", days, stays, stays)
            return SQL(
                "oms_weighted_percentile(array_agg(%s ORDER BY %s), array_agg(%s::bigint ORDER BY %s), %s)",
                days,
                days,
                stays,
                days,
                PERCENTILES[func],
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _oms_fold(self):
        """Fold each key's rows into one (daily scheduled action): the table stays as small as its keys.
        Rows inserted while this runs are not in its snapshot and are left for the next fold."""
        self.env.cr.execute(
            """
            WITH folded AS (
                DELETE FROM oms_stage_stay_count RETURNING company_id, stage_id, month, hours, stays
            )
            INSERT INTO oms_stage_stay_count (company_id, stage_id, month, hours, stays)
            SELECT company_id, stage_id, month, hours, SUM(stays) FROM folded
             GROUP BY company_id, stage_id, month, hours HAVING SUM(stays) != 0
            """
        )
