"""The order's timeline (issue 7, "one screen"): every document and event of an order, each with who and
when, linked to its record.

``_oms_timeline_entries()`` returns plain dicts (see :meth:`SaleOrder._oms_timeline_entry`); each module
owning documents extends it in its own ``models/sale_order_timeline.py``. Extensions read in batches
(one query per relation and model, whatever the number of rows; the history, which may be long, in one
``search_fetch``), so the number of queries to open the timeline does not grow with the history
(tests/test_timeline.py, bench/timeline.py). The HTML is rendered on the server from a QWeb template and
not stored.
"""

from datetime import datetime, time

from odoo import fields, models


def _sort_key(entry):
    """Oldest first; a day-only event (a date) after that day's timed events; undated entries last."""
    when = entry["date"]
    if when is None:
        return (True, datetime.min)
    if not isinstance(when, datetime):
        when = datetime.combine(when, time.max)
    return (False, when)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_timeline_html = fields.Html(
        string="Timeline",
        compute="_compute_oms_timeline_html",
        sanitize=False,  # rendered by our own QWeb template, which escapes every value
        groups="sales_team.group_sale_salesman",  # built from the pipeline history, which is theirs only
    )

    def _compute_oms_timeline_html(self):
        for order in self:
            entries = order._oms_timeline_sorted() if order.id else []
            blockers = (
                [(order._oms_group_label(team), message) for team, message in order._oms_blockers()]
                if order.id
                else []
            )
            order.oms_timeline_html = self.env["ir.qweb"]._render(
                "oms_handover.sale_order_timeline", {"entries": entries, "blockers": blockers}
            )

    def _oms_timeline_sorted(self):
        """The entries, oldest first; entries without a date (not yet happened) last. Adds ``url`` (the
        record's page) and ``when`` (the date as the user reads it)."""
        entries = self._oms_timeline_entries()
        # The user's language formats, read once: formatting each of a long history's rows through babel
        # would cost more than building the timeline.
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        date_format = lang.date_format or "%m/%d/%Y"
        datetime_format = f"{date_format} {lang.time_format or '%H:%M:%S'}"
        for entry in entries:
            entry["url"] = f"/odoo/{entry['model']}/{entry['res_id']}" if entry.get("res_id") else False
            when = entry["date"]
            if isinstance(when, datetime):
                entry["when"] = fields.Datetime.context_timestamp(self, when).strftime(datetime_format)
            else:
                entry["when"] = when.strftime(date_format) if when else ""
        return sorted(entries, key=_sort_key)

    def _oms_timeline_entry(self, when, kind, title, who=None, record=None, state=None, report_url=None):
        """One timeline entry as a plain dict: ``date`` (a datetime, a date for day-only events, or None),
        ``kind`` (a short tag such as ``"stage_move"`` or ``"purchase"``), ``title``, ``who`` (a name),
        ``model`` and ``res_id`` of the linked record (the order itself when none), ``state`` (a display
        label) and ``report_url`` (the printed document, e.g. a challan, or False)."""
        record = record if record is not None else self
        return {
            "date": when or None,
            "kind": kind,
            "title": title,
            "who": who.name if isinstance(who, models.BaseModel) else (who or ""),
            "model": record._name,
            "res_id": record.id,
            "state": state or "",
            "report_url": report_url or False,
        }

    def _oms_selection_label(self, record, field_name):
        """The display label of a selection field's value (e.g. a document's state)."""
        selection = record._fields[field_name]._description_selection(self.env)
        return dict(selection).get(record[field_name], record[field_name] or "")

    def _oms_timeline_entries(self):
        """Entries of the order itself: quotation, stage history (handover, confirmation, moves, skips,
        cancel), credit decision and customer feedback. Modules add theirs with ``super()``."""
        self.ensure_one()
        entry = self._oms_timeline_entry
        entries = [
            entry(
                self.create_date,
                "quotation",
                self.env._("Quotation %(name)s", name=self.name),
                self.create_uid,
            )
        ]
        kinds = dict(self.env["oms.stage.history"]._fields["kind"]._description_selection(self.env))
        # One query whatever the history's length (reading through the one2many would fetch by chunks of ids).
        history = self.env["oms.stage.history"].search_fetch(
            [("order_id", "=", self.id)], ["date", "kind", "to_stage_id", "note", "user_id"], order="date, id"
        )
        for row in history:
            title = kinds.get(row.kind, row.kind)
            if row.to_stage_id:
                title = f"{title}: {row.to_stage_id.name}"
            if row.note:
                title = f"{title} ({row.note})"
            entries.append(entry(row.date, f"stage_{row.kind}", title, row.user_id))
        if self.oms_credit_decided_on:
            state = dict(self._fields["oms_credit_state"]._description_selection(self.env))
            entries.append(
                entry(
                    self.oms_credit_decided_on,
                    "credit",
                    self.env._("Credit decision"),
                    self.oms_credit_decided_by_id,
                    state=state.get(self.oms_credit_state),
                )
            )
        # Every role follows the order's invoices; opening one still checks the user's rights.
        for move in self.sudo().invoice_ids:
            entries.append(
                entry(
                    move.invoice_date or move.create_date,
                    "invoice",
                    self.env._("Invoice %(name)s", name=move.name or move.display_name),
                    move.invoice_user_id,
                    move,
                    self._oms_selection_label(move, "state"),
                )
            )
        # Feedback rights belong to the pipeline roles; whoever may open the order sees it on the timeline.
        for feedback in self.env["oms.customer.feedback"].sudo().search([("order_id", "=", self.id)]):
            entries.append(
                entry(
                    feedback.date,
                    "feedback",
                    self.env._(
                        "Customer feedback: rating %(rating)s/5, NPS %(nps)s",
                        rating=feedback.rating,
                        nps=feedback.nps,
                    ),
                    feedback.user_id,
                    feedback,
                )
            )
        return entries
