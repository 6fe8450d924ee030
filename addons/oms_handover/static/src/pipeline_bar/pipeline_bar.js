/** @odoo-module **/
// The order's pipeline as a status bar: the company's stages in its order; the stages the current user
// may move the order to now are clickable, and a click asks the engine to move it (which still checks).
import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

export class OmsPipelineBar extends Component {
    static template = "oms_handover.PipelineBar";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
    }

    get steps() {
        return this.props.record.data[this.props.name] || [];
    }

    get stepsForDisplay() {
        // Odoo's status bar lays its buttons out right to left.
        return [...this.steps].reverse();
    }

    title(step) {
        if (step.current) {
            return _t("Current stage");
        }
        return step.allowed ? _t("Move the order here") : _t("Not a move you can make now");
    }

    async move(step) {
        if (!step.allowed) {
            return;
        }
        const record = this.props.record;
        if (!(await record.save())) {
            return;
        }
        await this.orm.call(record.resModel, "action_oms_move", [[record.resId], step.code]);
        await record.load();
    }
}

registry.category("fields").add("oms_pipeline_bar", {
    component: OmsPipelineBar,
    displayName: _t("Pipeline"),
    supportedTypes: ["json"],
});
