"""Orders pending purchase (seed 000 §4): orders in the Purchase Order stage, one row per vendor purchase
order placed for them (vendor, expected date), or one row without vendor when nothing was placed yet.

A purchase order belongs to a sale order through sale_purchase's direct link (Place to Vendor and Odoo's Buy
procurements set it) or through the sale order's procurement group (Replenish on Order chains). The
dashboard opens on the orders that entered the stage more than 7 days ago (filter "Over 7 Days").
"""

from odoo import api, fields, models
from odoo.tools import SQL


class OmsPendingPurchaseReport(models.Model):
    _name = "oms.pending.purchase.report"
    _inherit = "oms.kpi.base.report"
    _description = "Orders Pending Purchase"
    _auto = False
    _rec_name = "order_id"
    _order = "stage_date, order_id"

    stage_date = fields.Datetime(string="Pending Since", readonly=True)
    days_pending = fields.Integer(readonly=True, aggregator="max")
    purchase_id = fields.Many2one("purchase.order", readonly=True)
    vendor_id = fields.Many2one("res.partner", readonly=True)
    date_planned = fields.Datetime(string="Expected Arrival", readonly=True)
    purchase_state = fields.Selection(
        [
            ("draft", "RFQ"),
            ("sent", "RFQ Sent"),
            ("to approve", "To Approve"),
            ("purchase", "Purchase Order"),
            ("done", "Locked"),
        ],
        string="Purchase Status",
        readonly=True,
    )

    @api.model
    def _oms_query(self):
        return SQL(
            """
            WITH link AS (
                SELECT line.sale_order_id AS sale_id, line.order_id AS purchase_id
                  FROM purchase_order_line line
                 WHERE line.sale_order_id IS NOT NULL AND line.state != 'cancel'
                 UNION
                SELECT pgroup.sale_id, line.order_id
                  FROM purchase_order_line line
                  JOIN procurement_group pgroup ON pgroup.id = line.group_id
                 WHERE pgroup.sale_id IS NOT NULL AND line.state != 'cancel'
            )
            SELECT ROW_NUMBER() OVER (ORDER BY so.id, po.id) AS id, %(order_columns)s,
                   so.oms_stage_date AS stage_date,
                   (NOW() AT TIME ZONE 'UTC')::date - (so.oms_stage_date)::date AS days_pending,
                   po.id AS purchase_id, po.partner_id AS vendor_id, po.date_planned AS date_planned,
                   po.state AS purchase_state
              FROM sale_order so
              JOIN oms_stage stage ON stage.id = so.oms_stage_id AND stage.code = 'purchase_order'
              LEFT JOIN link ON link.sale_id = so.id
              LEFT JOIN purchase_order po ON po.id = link.purchase_id
             WHERE so.state = 'sale'
            """,
            order_columns=self._oms_select_order_columns(),
        )
