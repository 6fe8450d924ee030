from odoo import fields, models


class HrEmployeeBase(models.AbstractModel):
    # On the shared base so the public employee profile has it too: production users who are not HR
    # officers pick the assembly team through hr.employee.public.
    _inherit = "hr.employee.base"

    oms_assembly_staff = fields.Boolean(
        string="Assembly Staff",
        help="May be assigned to the assembly team of an order (Assembly Plan stage).",
    )
