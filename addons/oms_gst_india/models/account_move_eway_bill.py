"""The e-way bills a tax invoice travels with, on the invoice itself.

An invoice can carry several e-way bills: with one invoice per supply and a delivery challan per later lot
(CGST Rule 55(5)), the first lot travels on the invoice and each later lot on its own challan, and every
consignment has its own bill. The number(s) are shown on the invoice form and its PDF, and read by the Tally
bridge for the Sales voucher.
"""

from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # Dispatch, Finance and administrators read e-way bills; the flags and numbers other roles see on a
    # delivery or an invoice are computed as superuser from them.
    oms_eway_bill_ids = fields.One2many(
        "oms.eway.bill",
        "move_id",
        string="E-Way Bills",
        readonly=True,
        groups="oms_handover.group_oms_dispatch,oms_handover.group_oms_finance,base.group_system",
    )
    oms_ewb_number = fields.Char(
        string="E-Way Bill No.",
        compute="_compute_oms_ewb_number",
        help="The e-way bills generated for the consignments of this invoice (cancelled ones excluded).",
    )
    oms_ewb_date = fields.Datetime(string="E-Way Bill Date", compute="_compute_oms_ewb_number")
    oms_ewb_valid_until = fields.Datetime(string="E-Way Bill Valid Until", compute="_compute_oms_ewb_number")

    @api.depends("oms_eway_bill_ids.oms_ewb_no", "oms_eway_bill_ids.oms_ewb_status")
    def _compute_oms_ewb_number(self):
        for move in self:
            # sudo: e-way bills are Dispatch and Finance records; the number printed on an invoice is not a
            # secret of theirs, and whoever may read the invoice may read which bills it travels with.
            bills = (
                move.sudo()
                .oms_eway_bill_ids.filtered(
                    lambda bill: bill.oms_ewb_no and bill.oms_ewb_status != "cancelled"
                )
                .sorted("oms_ewb_date")
            )
            move.oms_ewb_number = ", ".join(bills.mapped("oms_ewb_no")) or False
            move.oms_ewb_date = bills[:1].oms_ewb_date
            move.oms_ewb_valid_until = bills[-1:].oms_ewb_valid_until
