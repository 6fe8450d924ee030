"""Per-company connection to NIC's IRP (or a GSP at another address). Administrators only."""

import json
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from ..oms_gst.ewb_client import EwbClient
from ..oms_gst.irp_client import IrpClient


class OmsTokenStore:
    """Token store of the IRP client backed by the admin-only ``token_data`` field of a config."""

    def __init__(self, config):
        self.config = config

    def load(self):
        data = self.config.token_data
        return json.loads(data) if data else None

    def save(self, data):
        # Two cron workers may log in at the same moment: the one that loses the race on this row keeps its
        # token in memory (still valid at NIC) instead of failing the document it is sending.
        try:
            with mute_logger("odoo.sql_db"), self.config.env.cr.savepoint():
                self.config.token_data = json.dumps(data) if data else False
                self.config.flush_recordset(["token_data"])
        except psycopg2.errors.SerializationFailure:
            self.config.invalidate_recordset(["token_data"])


class OmsEinvoiceConfig(models.Model):
    _name = "oms.einvoice.config"
    _description = "E-Invoice (IRP) Connection"
    _rec_name = "company_id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, ondelete="cascade"
    )
    base_url = fields.Char(string="Base URL", required=True, help="NIC IRP or GSP address, without path.")
    gstin = fields.Char(string="GSTIN", required=True)
    client_id = fields.Char(groups="base.group_system")
    client_secret = fields.Char(groups="base.group_system")
    username = fields.Char(groups="base.group_system")
    password = fields.Char(groups="base.group_system")
    public_key_pem = fields.Text(string="IRP Public Key (PEM)", groups="base.group_system")
    sandbox = fields.Boolean(help="Sandbox IRP: NIC's test GSTINs are accepted.")
    sending_paused = fields.Boolean(
        help="Keep IRN and e-way bill jobs waiting, unsent, with this reason shown on them (e.g. a demo "
        "connection whose address is a placeholder).",
    )
    paused_reason = fields.Char(default="Sending to NIC is paused on the e-invoice connection.")
    timeout = fields.Float(default=30.0, help="Seconds to wait for the IRP before retrying later.")
    token_data = fields.Text(groups="base.group_system", copy=False, help="Cached session token.")
    ewb_base_url = fields.Char(string="E-Way Bill Base URL", groups="base.group_system")
    ewb_client_id = fields.Char(groups="base.group_system")
    ewb_client_secret = fields.Char(groups="base.group_system")
    ewb_username = fields.Char(groups="base.group_system")
    ewb_password = fields.Char(groups="base.group_system")
    ewb_public_key_pem = fields.Text(string="EWB Public Key (PEM)", groups="base.group_system")

    _sql_constraints = [
        ("company_unique", "unique(company_id)", "A company has one e-invoice connection."),
    ]

    @api.model
    def _oms_for_company(self, company):
        # Jobs and wizards of non-admin users read the connection: credentials never leave this model.
        config = self.sudo().search([("company_id", "=", company.id)], limit=1)
        if not config:
            raise UserError(
                self.env._(
                    "E-invoicing applies to %(company)s but no IRP connection is configured: ask an "
                    "administrator to fill in Settings > E-Invoice Connection.",
                    company=company.name,
                )
            )
        return config

    @api.model
    def _oms_paused_message(self, company):
        """The plain-language reason jobs of ``company`` wait unsent, or False when they may be sent."""
        config = self.sudo().search([("company_id", "=", company.id)], limit=1)  # read by every job
        if not config.sending_paused:
            return False
        return self.env._(
            "Not sent: %(reason)s An administrator can resume sending in Settings > E-Invoice Connection.",
            reason=config.paused_reason or "",
        )

    @api.model
    def _oms_hold_if_paused(self, job):
        """Keep ``job`` waiting (attempts untouched, looked at again tomorrow) while sending is paused."""
        message = self._oms_paused_message(job.company_id)
        if message:
            job.write({"last_error": message, "next_attempt_at": fields.Datetime.now() + timedelta(days=1)})
        return message

    def _oms_nic_clock(self):
        """The clock the client uses (None: real time); tests point it at the simulator's clock."""
        return None

    def _oms_now(self):
        clock = self._oms_nic_clock()
        return clock() if clock else None

    def _oms_irp_client(self):
        self.ensure_one()
        return IrpClient(
            self.base_url,
            self.gstin,
            self.client_id,
            self.client_secret,
            self.username,
            self.password,
            self.public_key_pem,
            timeout=self.timeout or 30.0,
            token_store=OmsTokenStore(self),
            clock=self._oms_nic_clock(),
        )

    def _oms_ewb_client(self):
        self.ensure_one()
        if not self.ewb_base_url:
            raise UserError(
                self.env._(
                    "The e-way bill connection of %(company)s is not filled in: ask an administrator to "
                    "complete Settings > E-Invoice Connection (E-Way Bill).",
                    company=self.company_id.name,
                )
            )
        return EwbClient(
            self.ewb_base_url,
            self.gstin,
            self.ewb_client_id,
            self.ewb_client_secret,
            self.ewb_username,
            self.ewb_password,
            self.ewb_public_key_pem,
            timeout=self.timeout or 30.0,
            clock=self._oms_nic_clock(),
        )
