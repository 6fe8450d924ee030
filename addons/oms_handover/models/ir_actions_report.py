"""How long wkhtmltopdf waits for scripts in the PDFs of the suite's customer mails.

Odoo tells wkhtmltopdf to wait ``report.print_delay`` milliseconds (1000 by default) after a page has loaded,
for any script of the report to finish. The customer-mail queue renders the PDFs of each mail one after
another in one cron run (an invoice; a challan and a dispatch summary), and spent most of each mail in that
wait: about 2.5 s a mail, of which wkhtmltopdf worked 0.1 to 0.2 s per PDF (load test, 2 CPUs), so a day's
burst of mails waited minutes in the queue. Odoo's document layouts run a script only when the page loads (the
header's and footer's page numbers), which the delay does not bound. The queue asks for a shorter wait with
the ``oms_report_print_delay`` context key; a PDF printed from a screen keeps Odoo's setting.
"""

from odoo import models

CUSTOMER_MAIL_PRINT_DELAY_MS = 200


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        delay = self.env.context.get("oms_report_print_delay")
        if delay is not None and "--javascript-delay" in args:
            args[args.index("--javascript-delay") + 1] = str(int(delay))
        return args
