from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_finished_order_id = fields.Many2one(
        "sale.order",
        string="Finished Goods of",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The order whose finished goods this transfer brings into the finished-goods warehouse.",
    )
