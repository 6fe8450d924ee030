from datetime import timedelta

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _oms_demo_place_orders(self, placements):
        """Demo data only: confirm orders and place them at a stage, one engine entry per stage on the way,
        as the administrator. The checks of each stage are not run (demo orders have no invoices or
        deliveries), which the history note says."""
        for order_id, code in placements:
            order = self.browse(order_id)
            if order.state in ("draft", "sent"):
                order.action_confirm()
            config = order._oms_config()
            codes = config.pipeline.codes
            start = codes.index(order.oms_stage_id.code) + 1
            for stage_code in codes[start : codes.index(code) + 1]:
                if config.pipeline.spec(stage_code).enabled:
                    order._oms_enter_stage(
                        self.env["oms.stage"].browse(config.stage_ids[stage_code]),
                        note=self.env._("Demo data: placed without the stage checks"),
                    )
            order._oms_demo_spread_history()

    def _oms_demo_spread_history(self):
        """Demo data only: spread the order's events over the past days (one to three days a stage), as a
        real order's would be, so the board's days in stage and the time-per-stage and cycle-time dashboards
        show figures on a fresh demo database instead of zeros."""
        self.ensure_one()
        rows = self.oms_history_ids.sorted(lambda row: (row.date, row.id))
        days_per_event = 1 + self.id % 3
        now = fields.Datetime.now()
        for position, row in enumerate(rows):
            row.date = now - timedelta(days=days_per_event * (len(rows) - position), hours=position)
        if rows:
            self._oms_write_protected({"oms_stage_date": rows[-1].date, "date_order": rows[0].date})
        self.env["oms.stage.history"]._oms_fill_date_left(self.ids)
