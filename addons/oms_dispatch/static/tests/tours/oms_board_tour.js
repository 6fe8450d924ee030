/** @odoo-module **/
/* Drag a card on the operations board (issue 4): the drag runs the pipeline engine, so a user whose
 * role may not enter the target stage gets the engine's refusal and the card goes back; the owner of the
 * stage moves it. test_board_tour.py creates the order (customer "OMS Tour Customer") and checks the
 * database after each tour. */

import { registry } from "@web/core/registry";

const CUSTOMER = "OMS Tour Customer";
const column = (title) => `.o_kanban_group:has(.o_column_title:contains('${title}'))`;
const card = (title) => `${column(title)} .o_kanban_record:contains('${CUSTOMER}')`;
const BOARD_URL = "/odoo/action-oms_dispatch.action_oms_operations_board";

function dragToReadyToBill() {
    return [
        {
            content: "The order waits in New Orders, at stage Sale Order",
            trigger: `${card("New Orders")}:contains('Sale Order')`,
        },
        {
            content: "Drag it to Ready to Bill",
            trigger: card("New Orders"),
            // Dropped in the middle of the column: the default ("top") aims 1px above it, outside.
            async run(helpers) {
                await helpers.drag_and_drop(column("Ready to Bill"), { position: "center" });
            },
        },
    ];
}

registry.category("web_tour.tours").add("oms_board_drag_refused", {
    url: BOARD_URL,
    steps: () => [
        ...dragToReadyToBill(),
        {
            content: "The engine refuses: only Production may enter Finished Products",
            trigger: ".o_error_dialog:contains('Only Production may move an order to Finished Products')",
        },
        {
            content: "Close the message",
            trigger: ".o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The message is gone",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The card is back in New Orders, still at Sale Order",
            trigger: `${card("New Orders")}:contains('Sale Order')`,
        },
        {
            content: "and not in Ready to Bill",
            trigger: `${column("Ready to Bill")}:not(:has(.o_kanban_record:contains('${CUSTOMER}')))`,
        },
    ],
});

registry.category("web_tour.tours").add("oms_board_drag_allowed", {
    url: BOARD_URL,
    steps: () => [
        ...dragToReadyToBill(),
        {
            // The stage name on the card comes from the server's answer: the move was saved.
            content: "The card stays in Ready to Bill, now at Finished Products",
            trigger: `${card("Ready to Bill")}:contains('Finished Products')`,
        },
        {
            content: "No refusal was shown, and New Orders no longer holds the card",
            trigger: `body:not(:has(.modal)) ${column("New Orders")}:not(:has(.o_kanban_record:contains('${CUSTOMER}')))`,
        },
    ],
});
