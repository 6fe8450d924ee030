"""Staff orders: sold to an employee (the employee's work contact), at the type's staff price list, within a
limit per employee per period (month, quarter, or the company's fiscal year) counted over the employee's
confirmed staff orders. Checked on confirmation, whoever confirms."""

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import date_utils, float_compare, format_amount


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        for order in self.filtered(lambda order: order.type_id.oms_kind == "staff"):
            order._oms_check_staff_order()
        return super().action_confirm()

    def _oms_staff_employee(self):
        # sudo: whoever enters a staff order may not read employees; only "is this partner staff" is asked.
        return (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("work_contact_id", "=", self.partner_id.commercial_partner_id.id),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
        )

    def _oms_staff_period(self):
        day = self.date_order.date()
        period = self.type_id.oms_staff_limit_period
        if period == "year":
            dates = self.company_id.compute_fiscalyear_dates(day)
            return dates["date_from"], dates["date_to"]
        return date_utils.start_of(day, period), date_utils.end_of(day, period)

    def _oms_staff_ordered_in_period(self):
        """The employee's confirmed staff orders of the period, this one left out, in the company currency."""
        date_from, date_to = self._oms_staff_period()
        # sudo: the limit counts every staff order of the employee, also those of other salespeople.
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("id", "not in", self.ids),
                    ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("type_id.oms_kind", "=", "staff"),
                    ("state", "=", "sale"),
                    ("date_order", ">=", date_from),
                    ("date_order", "<", date_utils.add(date_to, days=1)),
                ]
            )
        )
        return sum(order._oms_staff_amount() for order in orders)

    def _oms_staff_amount(self):
        return self.currency_id._convert(
            self.amount_total, self.company_id.currency_id, self.company_id, self.date_order.date()
        )

    def _oms_check_staff_order(self):
        if not self._oms_staff_employee():
            raise UserError(
                self.env._(
                    "%(order)s is a staff order, but %(customer)s is not the work contact of an employee of "
                    "%(company)s.",
                    order=self.name,
                    customer=self.partner_id.display_name,
                    company=self.company_id.name,
                )
            )
        limit = self.type_id.oms_staff_limit
        if not limit:
            return
        earlier = self._oms_staff_ordered_in_period()
        currency = self.company_id.currency_id
        if float_compare(earlier + self._oms_staff_amount(), limit, precision_rounding=currency.rounding) > 0:
            date_from, date_to = self._oms_staff_period()
            raise UserError(
                self.env._(
                    "%(order)s would take %(customer)s over the staff limit of %(limit)s for %(date_from)s to "
                    "%(date_to)s: %(earlier)s already ordered, %(amount)s in this order.",
                    order=self.name,
                    customer=self.partner_id.display_name,
                    limit=format_amount(self.env, limit, currency),
                    date_from=date_from,
                    date_to=date_to,
                    earlier=format_amount(self.env, earlier, currency),
                    amount=format_amount(self.env, self._oms_staff_amount(), currency),
                )
            )
