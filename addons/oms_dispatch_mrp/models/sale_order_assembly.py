"""Assembly Plan stage (seed 002): the planned assembly date, the team (active employees tagged as
assembly staff) and plan lines generated from the manufactured lines; leaving the stage needs every line
finished, and a reason for any line finished more than a day after the plan."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_MANAGER, GROUP_PRODUCTION

# Planned and recorded by Production only (production owns Assembly and Finished Products).
PRODUCTION_FIELDS = {"oms_assembly_date", "oms_assembly_team_ids", "oms_assembly_line_ids"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_assembly_date = fields.Date(string="Planned Assembly Date", copy=False, tracking=True)
    oms_assembly_team_ids = fields.Many2many(
        "hr.employee",
        "oms_sale_order_assembly_employee_rel",
        "order_id",
        "employee_id",
        string="Assembly Team",
        copy=False,
        domain="[('oms_assembly_staff', '=', True), ('company_id', 'in', (company_id, False))]",
    )
    oms_assembly_line_ids = fields.One2many(
        "oms.assembly.plan.line",
        "order_id",
        string="Assembly Plan",
        copy=False,
        # The pipeline's teams only, as the Assembly page: Odoo's own users read orders without it.
        groups="oms_handover.group_oms_sales,oms_handover.group_oms_procurement,oms_handover.group_oms_production,"
        "oms_handover.group_oms_finance,oms_handover.group_oms_dispatch",
    )

    @api.constrains("oms_assembly_team_ids")
    def _check_oms_assembly_team(self):
        for order in self:
            # Read as superuser (the employees' tags, whoever assigns them) and with archived employees,
            # which a many2many read would otherwise hide.
            wrong = (
                order.sudo()
                .with_context(active_test=False)
                .oms_assembly_team_ids.filtered(
                    lambda employee: not employee.oms_assembly_staff or not employee.active
                )
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "%(employees)s cannot be on the assembly team: only active employees tagged as "
                        "Assembly Staff can.",
                        employees=", ".join(wrong.mapped("name")),
                    )
                )

    def _oms_check_production_fields(self, field_names):
        if self.env.su or not field_names:
            return
        if not (self.env.user.has_group(GROUP_PRODUCTION) or self.env.user.has_group(GROUP_MANAGER)):
            raise AccessError(self.env._("Only Production may plan the assembly and record finished goods."))

    def write(self, vals):
        self._oms_check_production_fields(self._oms_production_fields() & set(vals))
        return super().write(vals)

    @api.model
    def _oms_production_fields(self):
        return set(PRODUCTION_FIELDS)

    def action_oms_generate_assembly_plan(self):
        """Add a plan line for every manufactured line not yet planned (never duplicates)."""
        self._oms_check_production_fields({"oms_assembly_line_ids"})
        for order in self:
            planned = order.oms_assembly_line_ids.sale_line_id
            commands = [
                Command.create(
                    {
                        "sale_line_id": line.id,
                        "product_id": line.product_id.id,
                        "planned_qty": line.product_uom_qty,
                        "sequence": line.sequence,
                    }
                )
                for line in order._oms_manufactured_lines()
                if line not in planned and line.product_uom_qty > 0
            ]
            if commands:
                # The plan is the system's consequence of entering the stage, whoever moved the order.
                order.sudo().oms_assembly_line_ids = commands
        return True

    def _oms_after_move(self, previous, stage):
        result = super()._oms_after_move(previous, stage)
        if stage.code == "assembly_plan":
            self.sudo().action_oms_generate_assembly_plan()
        elif stage.code == "finished_products":
            self._oms_prefill_finished_quantities()
        return result

    def _oms_prefill_finished_quantities(self):
        """What the assembly team finished is the first estimate of the finished quantity; Production
        corrects it on the line. Written by the system on the move, whoever made it."""
        for plan_line in self.oms_assembly_line_ids.filtered(
            lambda record: record.done and record.sale_line_id
        ):
            line = plan_line.sale_line_id
            if not line.oms_finished_qty:
                line.sudo().oms_finished_qty = min(plan_line.done_qty, line.product_uom_qty)

    def _oms_check_assembly_plan_complete(self):
        failures = []
        if not self.oms_assembly_line_ids:
            failures.append(
                self.env._("Order %(order)s has no assembly plan: generate it first.", order=self.name)
            )
        if not self.oms_assembly_date:
            failures.append(self.env._("Set the planned assembly date of %(order)s.", order=self.name))
        if not self.oms_assembly_team_ids:
            failures.append(self.env._("Assign the assembly team of %(order)s.", order=self.name))
        return failures + self.oms_assembly_line_ids._oms_failures()
