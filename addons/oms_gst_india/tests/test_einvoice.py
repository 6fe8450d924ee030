from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from simulators.nic_irp import IrpSimulator  # tests/ is on sys.path (see __init__)
from simulators.nic_samples import SIMULATED_NOW

from .nic_common import OmsNicCommon


@tagged("post_install", "-at_install")
class TestEinvoice(OmsNicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.oms_aato = 60_000_000  # above ₹5 crore: B2B invoices need an IRN

    def setUp(self):
        super().setUp()
        self.config = self.connect_simulator(IrpSimulator(timeout_delay=1.0))
        self.sim.now = SIMULATED_NOW

    def posted_invoice(self, partner=None):
        _order, invoice = self.invoiced_order(partner or self.customer_mh)
        invoice.action_post()
        return invoice

    # ----- enqueueing -----

    def test_post_queues_one_job(self):
        invoice = self.posted_invoice()
        self.assertEqual(invoice.oms_einvoice_state, "to_send")
        self.assertEqual(len(invoice.oms_irn_job_ids), 1)
        invoice._oms_queue_irn()
        self.assertEqual(len(invoice.oms_irn_job_ids), 1)
        self.assertEqual(self.sim.request_count("invoice"), 0)  # sent by the cron, not on post

    def test_odoo_invoicing_user_posts_and_the_job_is_queued(self):
        """An accountant with Odoo's own Invoicing rights, in none of the suite's teams, posts an invoice as
        in plain Odoo: the IRN job is queued for them though the jobs are Finance's records."""
        accountant = new_test_user(
            self.env,
            login="odoo_only_accountant",
            groups="base.group_user,account.group_account_invoice",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        _order, invoice = self.invoiced_order(self.customer_mh)
        self.env.invalidate_all()  # as a request of its own: nothing cached from the superuser's reads
        invoice.with_user(accountant).action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.oms_einvoice_state, "to_send")
        self.assertEqual(len(invoice.oms_irn_job_ids), 1)

    def test_l10n_in_edi_document_means_no_second_irn(self):
        move_class = type(self.env["account.move"])
        with patch.object(move_class, "_oms_has_l10n_in_edi_document", lambda move: True):
            invoice = self.posted_invoice()
        self.assertFalse(invoice.oms_irn_job_ids)
        self.assertFalse(invoice.oms_einvoice_state)

    def test_consumer_and_small_company_need_no_irn(self):
        consumer_invoice = self.posted_invoice(self.consumer_mh)
        self.assertFalse(consumer_invoice.oms_einvoice_state)
        self.company.oms_aato = 40_000_000
        small = self.posted_invoice()
        self.assertFalse(small.oms_irn_job_ids)

    def test_validation_errors_shown_on_post_nothing_sent(self):
        self.customer_mh.zip = False
        _order, invoice = self.invoiced_order(self.customer_mh)
        with self.assertRaises(UserError) as caught:  # assertRaises (not ...Regex) rolls back to a savepoint
            invoice.action_post()
        self.assertRegex(str(caught.exception), "cannot be sent to the IRP(.|\n)*PIN code")
        self.env.invalidate_all()
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(self.env["oms.irn.job"].search([("move_id", "=", invoice.id)]))
        self.assertEqual(self.sim.request_count("invoice"), 0)

    # ----- sending -----

    def test_irn_stored_and_qr_on_invoice(self):
        invoice = self.posted_invoice()
        self.run_jobs()
        self.assertEqual(invoice.oms_einvoice_state, "sent")
        self.assertEqual(len(invoice.oms_irn), 64)
        self.assertTrue(invoice.oms_irn_ack_no)
        self.assertTrue(invoice.oms_irn_ack_date)
        self.assertTrue(invoice.oms_einvoice_signed_qr)
        self.assertEqual(self.sim.generated_count(invoice.name), 1)
        registered = self.sim.invoices[invoice.oms_irn]
        self.assertEqual(registered["document"]["No"], invoice.name)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", invoice.ids)
        html = html.decode()
        self.assertIn(invoice.oms_irn, html)
        self.assertIn('class="oms_einvoice_qr"', html)
        self.assertIn("data:image/png;base64,", html)
        # The log keeps requests and answers, without secrets.
        self.assertTrue(invoice.oms_nic_log_ids)
        logged = "".join(
            invoice.oms_nic_log_ids.mapped("request") + invoice.oms_nic_log_ids.mapped("response")
        )
        self.assertNotIn(self.sim.password, logged)
        self.assertNotIn(self.sim.client_secret, logged)
        self.assertNotIn(self.sim.password, self.config.token_data or "")

    def test_order_guard_needs_irn(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        failures = order._oms_check_tax_invoice_posted()
        self.assertTrue(failures and "no IRN" in failures[0])
        self.run_jobs()
        self.assertEqual(order._oms_check_tax_invoice_posted(), [])

    def test_timeout_retried_sent_once(self):
        invoice = self.posted_invoice()
        self.sim.fail_next("timeout")
        self.run_jobs()
        job = invoice.oms_irn_job_ids
        self.assertEqual(job.state, "pending")
        self.assertEqual(job.attempts, 1)
        self.assertEqual(invoice.oms_einvoice_state, "to_send")
        self.assertIn("did not answer", invoice.oms_einvoice_error)
        # The IRP registered the invoice although the answer never came: the retry adopts it (2150).
        self.run_jobs()
        self.assertEqual(job.state, "done")
        self.assertEqual(invoice.oms_einvoice_state, "sent")
        self.assertEqual(self.sim.generated_count(invoice.name), 1)

    def test_server_error_retried_sent_once(self):
        invoice = self.posted_invoice()
        self.sim.fail_next("http_500")
        self.run_jobs()
        self.assertEqual(invoice.oms_irn_job_ids.state, "pending")
        self.assertGreater(invoice.oms_irn_job_ids.next_attempt_at, invoice.oms_irn_job_ids.create_date)
        self.assertEqual(self.sim.generated_count(invoice.name), 0)
        self.sim.fail_next("malformed")
        self.run_jobs()
        self.assertEqual(invoice.oms_irn_job_ids.attempts, 2)
        self.run_jobs()
        self.assertEqual(invoice.oms_einvoice_state, "sent")
        self.assertEqual(self.sim.generated_count(invoice.name), 1)

    def test_duplicate_adopted_when_matching(self):
        invoice = self.posted_invoice()
        client = self.config._oms_irp_client()
        first = client.generate_irn(invoice._oms_einvoice_payload())  # e.g. sent earlier from the portal
        self.run_jobs()
        self.assertEqual(invoice.oms_einvoice_state, "sent")
        self.assertEqual(invoice.oms_irn, first["Irn"])
        self.assertEqual(self.sim.generated_count(invoice.name), 1)

    def test_duplicate_with_other_data_is_a_conflict(self):
        invoice = self.posted_invoice()
        payload = invoice._oms_einvoice_payload()
        payload["BuyerDtls"]["Gstin"] = "05AAACG2115R1ZN"
        self.config._oms_irp_client().generate_irn(payload)
        self.run_jobs()
        self.assertEqual(invoice.oms_irn_job_ids.state, "failed")
        self.assertEqual(invoice.oms_einvoice_state, "error")
        self.assertFalse(invoice.oms_irn)
        self.assertIn("not adopted", invoice.oms_einvoice_error)
        self.assertIn("05AAACG2115R1ZN", invoice.oms_einvoice_error)

    def test_refusal_is_final_with_plain_error(self):
        invoice = self.posted_invoice()
        self.sim.check_gstin = True
        self.config.sudo().password = "wrong"  # the IRP refuses the login
        self.run_jobs()
        self.assertEqual(invoice.oms_einvoice_state, "error")
        self.assertIn("1008", invoice.oms_einvoice_error)
        # The order says so, to Finance, on its form line and its board card alike.
        order = invoice.line_ids.sale_line_ids.order_id
        order.invalidate_recordset()
        self.assertIn(f"Waiting for Finance: IRN rejected for {invoice.name}", order.oms_blocking_line)
        self.assertIn(f"IRN rejected for {invoice.name}", order.oms_blocking_reason)
        self.config.sudo().password = self.sim.password
        invoice.with_user(self.users["finance"]).action_oms_einvoice_retry()
        self.run_jobs()
        self.assertEqual(invoice.oms_einvoice_state, "sent")

    def test_rejected_invoices_are_found_through_a_partial_index(self):
        """The boards ask on every page for the invoices whose IRN was rejected: a partial index holds just
        those, so the search does not read every invoice as they grow (1,000,000-order benchmark)."""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'account_move' AND indexname = %s",
            ["account_move_oms_einvoice_error_index"],
        )
        [(definition,)] = self.env.cr.fetchall()
        self.assertIn("WHERE ((oms_einvoice_state)::text = 'error'::text)", definition)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")  # the planner's choice on a large table
        self.env.cr.execute("EXPLAIN SELECT id FROM account_move WHERE oms_einvoice_state = 'error'")
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("RESET enable_seqscan")
        self.assertIn("account_move_oms_einvoice_error_index", plan)

    # ----- cancel -----

    def cancel(self, invoice, user="finance", reason="2", remark="Wrong rate entered"):
        wizard = (
            self.env["oms.irn.cancel.wizard"]
            .with_user(self.users[user])
            .create({"move_id": invoice.id, "reason": reason, "remark": remark})
        )
        return wizard.action_confirm()

    def test_cancel_within_24_hours(self):
        invoice = self.posted_invoice()
        self.run_jobs()
        self.sim.advance(timedelta(hours=5))
        self.cancel(invoice)
        self.assertEqual(invoice.oms_einvoice_state, "cancelled")
        self.assertEqual(invoice.state, "cancel")
        self.assertEqual(self.sim.invoices[invoice.oms_irn]["status"], "CNL")

    def test_cancel_after_24_hours_offers_credit_note(self):
        invoice = self.posted_invoice()
        self.run_jobs()
        self.sim.advance(timedelta(hours=25))
        with self.assertRaisesRegex(UserError, "credit note"):
            invoice.with_user(self.users["finance"]).action_oms_irn_cancel()
        with self.assertRaisesRegex(UserError, "credit note"):
            self.cancel(invoice)
        # The IRP's own refusal (2270) gives the same advice when the local clock disagrees.
        invoice.oms_irn_ack_date = False
        with self.assertRaisesRegex(UserError, "credit note"):
            self.cancel(invoice)
        self.assertEqual(invoice.oms_einvoice_state, "sent")
        self.assertEqual(self.sim.invoices[invoice.oms_irn]["status"], "ACT")

    def test_wrong_roles_refused(self):
        invoice = self.posted_invoice()
        self.run_jobs()
        with self.assertRaises(AccessError):
            invoice.with_user(self.users["sales"]).action_oms_irn_cancel()
        with self.assertRaises(AccessError):
            self.cancel(invoice, user="sales")
        self.assertEqual(self.sim.invoices[invoice.oms_irn]["status"], "ACT")
        for role in ("sales", "finance"):
            with self.assertRaises(AccessError):
                self.config.with_user(self.users[role]).read(["client_secret"])
            with self.assertRaises(AccessError):
                self.env["oms.einvoice.config"].with_user(self.users[role]).search([])
