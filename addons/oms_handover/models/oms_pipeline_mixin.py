"""The transition engine, as a mixin a model of orders uses (sale.order does): the glue between records
and the pure rules of oms_pipeline.

Public entry points (ARCHITECTURE.md): ``action_oms_move(code, note=None)`` and
``action_oms_cancel(reason_id, note=None)``; both raise UserError or AccessError when refused and change
nothing then (the transaction rolls back).

The contract of a model using the mixin:
- fields ``oms_stage_id`` (the current ``oms.stage``), ``oms_stage_date``, ``company_id``, ``state``
  (``"cancel"`` when cancelled), ``name``, and ``oms_cancel_reason_id``;
- ``_oms_write_protected(vals)``: writes the engine's own fields, which users may not write;
- ``_oms_order_facts()``: the facts deciding which stages apply (``OrderFacts``);
- ``_oms_dispatched_quantity()``: goods already dispatched (a cancel is refused after that);
- ``_oms_cancel_one(reason, note)``: what cancelling one record does besides the history;
- ``_oms_check_<code>()`` methods for the registered checks (``oms.check``) its rules require.
Hooks for the add-ons: ``_oms_after_move(previous, stage)`` (the one after-move hook) and
``_oms_documents_to_review()`` (documents a cancel flags instead of cancelling).
"""

from collections import namedtuple
from collections.abc import Mapping
from types import MappingProxyType

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger

from ..oms_pipeline.applicability import OrderFacts, next_applicable_stage
from ..oms_pipeline.cancel import check_cancel
from ..oms_pipeline.roles import GROUP_CANCEL, GROUP_MANAGER
from ..oms_pipeline.stages import CANCELLED, Pipeline, StageSpec
from ..oms_pipeline.transitions import MSG_ONLY_GROUP, TransitionRule, decide_move, guards_for_move
from .oms_check import CHECK_METHOD_PREFIX

# What the engine reads of a company's configuration: the Pipeline (order, enabled stages, views), the
# rules as the core compares them, and each stage code's record id.
PipelineConfig = namedtuple("PipelineConfig", "pipeline rules stage_ids code_by_id")


class LazyGuardResults(Mapping):
    """Guard results computed only when the engine asks for them, i.e. after the rule and role checks
    passed: a refused user never triggers guard queries (nor reads data the guards read)."""

    def __init__(self, order, names):
        self._order, self._names, self._results = order, tuple(names), {}

    def __getitem__(self, name):
        if name not in self._names:
            raise KeyError(name)
        if name not in self._results:
            self._results[name] = self._order._oms_run_guard(name)
        return self._results[name]

    def __iter__(self):
        return iter(self._names)

    def __len__(self):
        return len(self._names)


class LazyFacts:
    """An order's facts (OrderFacts) computed on first use: the core reads them only when stages are jumped
    over or the target has an entry condition, so a move to the next stage costs no query for them."""

    def __init__(self, order):
        self._order, self._facts = order, None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._facts is None:
            self._facts = self._order._oms_applicable_facts()
        return getattr(self._facts, name)


class LazyNames(Mapping):
    """Display names the pure core reads only to word a refusal: loaded on first lookup, so an allowed
    move costs no query for them. ``load`` returns the whole {key: name} dict."""

    def __init__(self, load):
        self._load, self._names = load, None

    def _all(self):
        if self._names is None:
            self._names = self._load()
        return self._names

    def __bool__(self):
        return True  # the core's ``names or defaults`` must not load them just to test truth

    def __getitem__(self, key):
        return self._all()[key]

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())


class OmsPipelineMixin(models.AbstractModel):
    _name = "oms.pipeline.mixin"
    _description = "Order Pipeline Engine"

    def _oms_order_facts(self):
        """Facts that decide which stages apply; the model using the engine says them."""
        self.ensure_one()
        return OrderFacts()

    def _oms_dispatched_quantity(self):
        return 0.0

    def _oms_cancel_one(self, reason, note):
        raise NotImplementedError("a model using the pipeline engine says what cancelling one record does")

    # ----- what the engine needs to know about an order (modules owning the data extend these) -----

    def _oms_run_guard(self, name):
        """Failure messages of the registered check ``name`` (sale.order's ``_oms_check_<name>``); empty
        when it passes."""
        method = getattr(self, CHECK_METHOD_PREFIX + name, None)
        if method is None:
            return [
                self.env._("The check %(name)s is not installed; ask a manager to fix the rule.", name=name)
            ]
        return list(method())

    # ----- rules and names for the core, from the records a manager edits -----

    @api.model
    def _oms_user_group_keys(self):
        """The current user's groups as the core compares them: ids, plus the manager's xmlid (the core
        lets managers through every gate). Both come from Odoo's caches of the user's groups: no query."""
        keys = set(self.env.user._get_group_ids())
        if self.env.user.has_group(GROUP_MANAGER):
            keys.add(GROUP_MANAGER)
        return keys

    def _oms_config(self):
        """The pipeline of this order's company (see _oms_pipeline_config)."""
        return self._oms_pipeline_config(self.company_id.id)

    def _oms_rules(self):
        return self._oms_config().rules

    @api.model
    @tools.ormcache("company_id")
    def _oms_pipeline_config(self, company_id):
        """A company's pipeline as the pure core reads it, read once and cached per company: every move
        needs it and it changes rarely (stages, steps and rules clear this cache when a consultant edits
        them). Configuration every role must apply, not only those who may edit it, hence sudo."""
        env = self.sudo().env
        steps = env["oms.pipeline.step"].search([("company_id", "=", company_id)])
        if not steps:  # a company made before the pipeline was installed for it: the shared stages
            stages = env["oms.stage"].search([("company_id", "=", False)])
            steps = [(stage, True, stage.group_ids) for stage in stages]
        else:
            steps = [
                (step.stage_id, step.enabled, step.group_ids or step.stage_id.group_ids) for step in steps
            ]
        optional = self._oms_optional_stage_codes(company_id)
        pipeline = Pipeline(
            tuple(
                StageSpec(
                    stage.code, stage.board_column, stage.customer_status, enabled, stage.code in optional
                )
                for stage, enabled, _groups in steps
            )
        )
        owners = {stage.code: frozenset(groups.ids) for stage, _enabled, groups in steps}
        stage_checks = {
            stage.code: (stage.entry_check_ids.mapped("code"), stage.exit_check_ids.mapped("code"))
            for stage, _enabled, _groups in steps
        }
        rules = []
        for rule in env["oms.transition.rule"].search([("company_id", "=", company_id)]):
            from_code, to_code = rule.from_stage_id.code, rule.to_stage_id.code
            if from_code not in owners or to_code not in owners:
                continue  # a rule to a stage that left the company's pipeline moves nothing
            checks = [*rule.check_ids.mapped("code"), *stage_checks[from_code][1], *stage_checks[to_code][0]]
            rules.append(
                TransitionRule(
                    from_code=from_code,
                    to_code=to_code,
                    group_xmlids=frozenset(rule.group_ids.ids) or owners[to_code],
                    guard_names=tuple(dict.fromkeys(checks)),
                )
            )
        return PipelineConfig(
            pipeline=pipeline,
            rules=tuple(rules),
            stage_ids=MappingProxyType({stage.code: stage.id for stage, _enabled, _groups in steps}),
            code_by_id=MappingProxyType({stage.id: stage.code for stage, _enabled, _groups in steps}),
        )

    @api.model
    def _oms_optional_stage_codes(self, company_id):
        """Codes of the stages that some orders of the company leave out, by their order type (oms_order_type
        says which). Read inside the cached pipeline: whoever changes them clears the registry's cache."""
        return frozenset()

    def _oms_names(self):
        """(stage names by code, group names by id), each loaded only when a refusal words a message."""
        stage_ids = self._oms_config().stage_ids

        def stage_names():
            stages = self.env["oms.stage"].browse(list(stage_ids.values()))
            return {stage.code: stage.name for stage in stages} | {CANCELLED: self.env._("Cancelled")}

        def group_names():
            groups = self.env["res.groups"].browse(
                {key for rule in self._oms_rules() for key in rule.group_xmlids}
            )
            names = {group.id: group.name for group in groups.sudo()}
            names[GROUP_MANAGER] = self.env.ref(GROUP_MANAGER).name
            return names

        return LazyNames(stage_names), LazyNames(group_names)

    def _oms_translate(self, message):
        return self.env._(message.template, **message.params)  # pylint: disable=translation-required

    # ----- moving -----

    def _oms_lock(self):
        """Lock the orders' rows so two users moving the same order at once leave exactly one move.

        SKIP LOCKED answers a row another transaction holds by leaving it out (no error, so no savepoint
        is needed: one query); a row changed since this transaction's snapshot raises a serialization
        failure, answered the same way. Once locked, the values this transaction read are current."""
        try:
            # A refused lock is expected and answered below; Odoo would log it as a bad query.
            with mute_logger("odoo.sql_db"):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s FOR UPDATE SKIP LOCKED",
                        SQL.identifier(self._table),
                        tuple(self.ids),
                    )
                )
                locked = {row[0] for row in self.env.cr.fetchall()}
        except SerializationFailure as error:
            raise UserError(self._oms_msg_changed_meanwhile()) from error
        if locked != set(self.ids):
            raise UserError(self._oms_msg_changed_meanwhile())

    def _oms_msg_changed_meanwhile(self):
        return self.env._("This order was changed meanwhile by another user. Reload it and try again.")

    def _oms_applicable_facts(self):
        """The facts deciding which stages apply, whoever asks."""
        # sudo: they come from documents the acting role may not read (purchase lines for Sales, bills of
        # materials, invoices); which stages apply is the same for every role, and role gates come after.
        return self.sudo()._oms_order_facts()

    def _oms_current_code(self):
        if self.state == "cancel":
            return CANCELLED
        # The code from the company's cached pipeline: no read of the stage record.
        return self._oms_config().code_by_id.get(self.oms_stage_id.id) or self.oms_stage_id.code or None

    def action_oms_move(self, code, note=None):
        """Move each order to the stage ``code`` if a rule, the user's role and the guards allow it."""
        for order in self:
            config = order._oms_config()
            if code not in config.stage_ids:
                raise UserError(
                    self.env._(
                        "The pipeline of %(company)s has no stage with the code %(code)s.",
                        company=order.company_id.name,
                        code=code,
                    )
                )
            target = self.env["oms.stage"].browse(config.stage_ids[code])
            if not config.pipeline.spec(code).enabled:
                raise UserError(
                    self.env._(
                        "%(stage)s is disabled for %(company)s: orders skip it.",
                        stage=target.name,
                        company=order.company_id.name,
                    )
                )
            order._oms_lock()
            current = order._oms_current_code()
            if current is None:
                raise UserError(
                    self.env._(
                        "Order %(order)s is not in the pipeline yet: confirm it first.", order=order.name
                    )
                )
            stage_names, group_names = order._oms_names()
            decision = decide_move(
                current,
                code,
                config.rules,
                self._oms_user_group_keys(),
                LazyFacts(order),
                LazyGuardResults(order, guards_for_move(current, code, config.rules)),
                stage_names,
                group_names,
                config.pipeline,
            )
            if not decision.allowed:
                error_class = AccessError if decision.reason.template == MSG_ONLY_GROUP else UserError
                raise error_class(order._oms_translate(decision.reason))
            order._oms_enter_stage(target, decision.skipped_codes, note)
        return True

    def action_oms_move_next(self):
        """Button: move to the next stage that applies (skipping those that do not)."""
        for order in self:
            next_code, _skipped = next_applicable_stage(
                order._oms_current_code(), order._oms_applicable_facts(), order._oms_config().pipeline
            )
            if not next_code:
                raise UserError(self.env._("Order %(order)s has no further stage.", order=order.name))
            if next_code == order._oms_current_code():
                # A repeatable stage (Partial Dispatch) is entered again by its own action (a tranche),
                # never by Next Stage, which would only add empty history rows.
                raise UserError(
                    self.env._(
                        "Order %(order)s stays in %(stage)s until every line is dispatched: dispatch the "
                        "next tranche.",
                        order=order.name,
                        stage=order.oms_stage_id.name,
                    )
                )
            order.action_oms_move(next_code)
        return True

    def _oms_enter_stage(self, target, skipped_codes=(), note=None, kind="move"):
        """Write the stage and the history rows (skips first, then the move) and tell the chatter."""
        self.ensure_one()
        config = self._oms_config()
        skipped = self.env["oms.stage"].browse([config.stage_ids[code] for code in skipped_codes])
        previous = self.oms_stage_id
        # One read of every stage involved: the history, the views and the tracking message need them.
        (previous | target | skipped).mapped("name")
        rows = [
            self._oms_history_values(
                previous,
                stage,
                "skip",
                self.env._("Disabled for this company")
                if not config.pipeline.spec(stage.code).enabled
                else self.env._("Does not apply to this order"),
            )
            for stage in skipped
        ]
        rows.append(self._oms_history_values(previous, target, kind, note))
        # History is an audit trail users cannot write; the engine has checked the move already.
        self.env["oms.stage.history"].sudo().create(rows)
        self._oms_write_protected({"oms_stage_id": target.id, "oms_stage_date": fields.Datetime.now()})
        if skipped or note:
            body = self.env._("Moved to %(stage)s.", stage=target.name)
            if skipped:
                body += " " + self.env._("Skipped: %(stages)s.", stages=", ".join(skipped.mapped("name")))
            if note:
                body += " " + note
            self.message_post(body=body, subtype_xmlid="mail.mt_note")
        self._oms_after_move(previous, target)

    def _oms_history_values(self, from_stage, to_stage, kind, note=None):
        return {
            "order_id": self.id,
            "company_id": self.company_id.id,
            "user_id": self.env.uid,
            "from_stage_id": from_stage.id,
            "to_stage_id": to_stage.id if to_stage else False,
            "kind": kind,
            "note": note or False,
        }

    def _oms_after_move(self, previous, stage):
        """The one hook after an order entered ``stage`` from ``previous`` (an empty recordset when it
        entered the pipeline): the history and the stage are written; add-ons owning a stage's work
        start it here (documents, notifications, plans). Runs as the user who moved the order."""

    # ----- cancelling -----

    def _oms_documents_to_review(self):
        """Linked documents a cancel flags for review instead of cancelling (POs, manufacturing orders)."""
        return []

    def action_oms_cancel(self, reason_id, note=None):
        """Cancel with a reason: refused once anything was dispatched; flags linked documents for review."""
        if not self.env.user.has_group(GROUP_CANCEL):
            raise AccessError(self.env._("Only the Cancel Orders group may cancel orders in the pipeline."))
        reason = self.env["oms.cancel.reason"].browse(reason_id).exists() if reason_id else None
        for order in self:
            order._oms_lock()
            stage_names, _group_names = order._oms_names()
            refusal = check_cancel(
                order._oms_current_code(),
                order._oms_dispatched_quantity(),
                bool(reason),
                stage_names,
                order._oms_config().pipeline,
            )
            if refusal:
                raise UserError(order._oms_translate(refusal))
            if reason and reason.company_id and reason.company_id != order.company_id:
                raise UserError(
                    self.env._(
                        "The reason %(reason)s belongs to %(company)s, not to the company of order %(order)s.",
                        reason=reason.name,
                        company=reason.company_id.name,
                        order=order.name,
                    )
                )
            if reason.note_required and not note:
                raise UserError(self.env._("The reason %(reason)s needs a note.", reason=reason.name))
            order._oms_cancel_one(reason, note)
        return True
