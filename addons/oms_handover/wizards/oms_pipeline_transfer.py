"""A company's pipeline as a file (issue 14, point 6): its stages in order (enabled or not, owner groups),
its own stages, its rules with their checks, and its cancel reasons, with groups by xml id and checks by
registry code, so the file means the same in another company or another database. Importing applies the
file to the chosen company: what the file names is made to match, nothing else is touched, and importing
the same file twice changes nothing. A file naming a group, check or built-in stage this database lacks
is refused whole, before anything is written."""

import base64
import json

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

FORMAT = "oms-pipeline/1"
STAGE_FIELDS = ("name", "board_column", "customer_status", "color", "fold", "description")


class OmsPipelineTransfer(models.TransientModel):
    _name = "oms.pipeline.transfer"
    _description = "Export or Import a Company's Pipeline"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    file = fields.Binary(string="Pipeline File", attachment=False)
    filename = fields.Char()

    # ----- export -----

    def action_export(self):
        self.ensure_one()
        data = self._oms_export(self.company_id)
        self.write(
            {
                "file": base64.b64encode(json.dumps(data, indent=1, ensure_ascii=False).encode()),
                "filename": f"pipeline-{self.company_id.name}.json".replace(" ", "_"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{self.filename}?download=true",
            "target": "self",
        }

    @api.model
    def _oms_export(self, company):
        steps = self.env["oms.pipeline.step"].search([("company_id", "=", company.id)])
        own = steps.stage_id.filtered("company_id")
        rules = (
            self.env["oms.transition.rule"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        reasons = (
            self.env["oms.cancel.reason"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        return {
            "format": FORMAT,
            "stages": [
                {
                    "code": stage.code,
                    **{name: stage[name] or False for name in STAGE_FIELDS},
                    "groups": self._oms_xmlids(stage.group_ids),
                    "entry_checks": stage.entry_check_ids.mapped("code"),
                    "exit_checks": stage.exit_check_ids.mapped("code"),
                }
                for stage in own
            ],
            "pipeline": [
                {"code": step.code, "enabled": step.enabled, "groups": self._oms_xmlids(step.group_ids)}
                for step in steps
            ],
            "rules": [
                {
                    "from": rule.from_stage_id.code,
                    "to": rule.to_stage_id.code,
                    "groups": self._oms_xmlids(rule.group_ids),
                    "checks": rule.check_ids.mapped("code"),
                    "active": rule.active,
                    "note": rule.note or False,
                }
                for rule in rules
            ],
            "cancel_reasons": [
                {"name": reason.name, "note_required": reason.note_required, "active": reason.active}
                for reason in reasons
            ],
        }

    @api.model
    def _oms_xmlids(self, records):
        xmlids = records.sudo().get_external_id()  # sudo: xml ids are technical data
        return sorted(xmlids[record.id] for record in records if xmlids.get(record.id))

    # ----- import -----

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose a pipeline file to import."))
        try:
            data = json.loads(base64.b64decode(self.file))
        except (ValueError, TypeError) as error:
            raise UserError(
                self.env._("This file is not a pipeline file (JSON): %(error)s", error=error)
            ) from error
        self._oms_import(self.company_id, data)
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _oms_import(self, company, data):
        """Apply ``data`` (as _oms_export makes it) to ``company``; refuse it whole if it names anything
        this database lacks."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise UserError(
                self.env._("This file is not a pipeline file of format %(format)s.", format=FORMAT)
            )
        groups, checks = self._oms_resolve(data)
        self._oms_import_stages(company, data, groups, checks)
        self._oms_import_pipeline(company, data, groups)
        self._oms_import_rules(company, data, groups, checks)
        self._oms_import_reasons(company, data)

    def _oms_resolve(self, data):
        """{xml id: group} and {code: check} of every name in the file; the missing ones refuse the file."""
        group_xmlids = {
            xmlid
            for section in ("stages", "pipeline", "rules")
            for item in data.get(section, [])
            for xmlid in item.get("groups", [])
        }
        check_codes = {
            code
            for item in data.get("stages", [])
            for code in item.get("entry_checks", []) + item.get("exit_checks", [])
        } | {code for rule in data.get("rules", []) for code in rule.get("checks", [])}
        groups = {xmlid: self.env.ref(xmlid, raise_if_not_found=False) for xmlid in group_xmlids}
        checks = {check.code: check for check in self.env["oms.check"]._by_codes(check_codes)}
        own_codes = {stage["code"] for stage in data.get("stages", [])}
        shared = set(self.env["oms.stage"].search([("company_id", "=", False)]).mapped("code"))
        stage_codes = {item["code"] for item in data.get("pipeline", [])} | {
            code for rule in data.get("rules", []) for code in (rule["from"], rule["to"])
        }
        missing = [
            *(
                self.env._("group %(xmlid)s", xmlid=xmlid)
                for xmlid, group in sorted(groups.items())
                if not group or group._name != "res.groups"
            ),
            *(self.env._("check %(code)s", code=code) for code in sorted(check_codes - set(checks))),
            *(self.env._("stage %(code)s", code=code) for code in sorted(stage_codes - own_codes - shared)),
        ]
        if missing:
            raise UserError(
                self.env._(
                    "The pipeline file names what this database does not have (install the add-on that brings "
                    "it, or edit the file): %(missing)s. Nothing was imported.",
                    missing=", ".join(missing),
                )
            )
        return groups, checks

    def _oms_import_stages(self, company, data, groups, checks):
        Stage = self.env["oms.stage"]
        for item in data.get("stages", []):
            values = {name: item.get(name) or False for name in STAGE_FIELDS}
            values.update(
                group_ids=[Command.set([groups[xmlid].id for xmlid in item.get("groups", [])])],
                entry_check_ids=[Command.set([checks[code].id for code in item.get("entry_checks", [])])],
                exit_check_ids=[Command.set([checks[code].id for code in item.get("exit_checks", [])])],
            )
            stage = Stage.search([("code", "=", item["code"]), ("company_id", "=", company.id)])
            if stage:
                self._oms_write_changed(stage, values)
            else:
                Stage.create({**values, "code": item["code"], "company_id": company.id})

    def _oms_import_pipeline(self, company, data, groups):
        Step = self.env["oms.pipeline.step"].with_context(oms_pipeline_deferred_check=True)
        steps = {step.code: step for step in Step.search([("company_id", "=", company.id)])}
        # The file's order, then the company's stages it does not name, in their present order.
        ordered = [item["code"] for item in data.get("pipeline", [])]
        ordered += [code for code in steps if code not in ordered]
        listed = {item["code"]: item for item in data.get("pipeline", [])}
        changed = False
        for position, code in enumerate(ordered, start=1):
            values = {"sequence": position * 10}
            if code in listed:
                values["enabled"] = listed[code]["enabled"]
                values["group_ids"] = [
                    Command.set([groups[xmlid].id for xmlid in listed[code].get("groups", [])])
                ]
            changed = self._oms_write_changed(steps[code], values) or changed
        if changed:
            # Checked whole once every step is in place (intermediate orders may break the rules).
            Step.browse([step.id for step in steps.values()])._oms_pipeline_changed()

    def _oms_import_rules(self, company, data, groups, checks):
        Rule = self.env["oms.transition.rule"].with_context(active_test=False)
        by_pair = {
            (rule.from_stage_id.code, rule.to_stage_id.code): rule
            for rule in Rule.search([("company_id", "=", company.id)])
        }
        Stage = self.env["oms.stage"]
        for item in data.get("rules", []):
            values = {
                "group_ids": [Command.set([groups[xmlid].id for xmlid in item.get("groups", [])])],
                "check_ids": [Command.set([checks[code].id for code in item.get("checks", [])])],
                "active": item.get("active", True),
                "note": item.get("note") or False,
            }
            rule = by_pair.get((item["from"], item["to"]))
            if rule:
                self._oms_write_changed(rule, values)
            else:
                Rule.create(
                    {
                        **values,
                        "company_id": company.id,
                        "from_stage_id": Stage._by_code(item["from"], company).id,
                        "to_stage_id": Stage._by_code(item["to"], company).id,
                    }
                )

    def _oms_import_reasons(self, company, data):
        Reason = self.env["oms.cancel.reason"].with_context(active_test=False)
        for item in data.get("cancel_reasons", []):
            values = {"note_required": item.get("note_required", False), "active": item.get("active", True)}
            reason = Reason.search([("company_id", "=", company.id), ("name", "=", item["name"])], limit=1)
            if reason:
                self._oms_write_changed(reason, values)
            else:
                Reason.create({**values, "name": item["name"], "company_id": company.id})

    @api.model
    def _oms_write_changed(self, record, values):
        """Write only what differs, so a second import of the same file writes (and tracks) nothing;
        True when something was written."""
        changed = {}
        for name, value in values.items():
            field = record._fields[name]
            if field.type == "many2many":
                wanted = set(value[0][2]) if value and value[0][0] == Command.SET else None
                if wanted is not None and wanted != set(record[name].ids):
                    changed[name] = value
            elif (record[name] or False) != (value or False):
                changed[name] = value
        if changed:
            record.write(changed)
        return bool(changed)
