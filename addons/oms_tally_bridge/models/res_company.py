from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_credit_source = fields.Selection(
        [("odoo", "Odoo"), ("tally", "Tally"), ("larger", "The larger exposure")],
        string="Credit Check Reads",
        default="odoo",
        required=True,
        help="Whose receivables the credit check and the ageing read: Odoo's, Tally's outstanding bills (as "
        "last read back), or whichever customer's exposure is larger. Tally's books are the accountants' "
        "when receipts and credit notes are keyed there.",
    )
