"""Benchmark (issue 4): the operations board opening on 20,000 orders, against Odoo's sale order kanban.

What is timed is what the web client asks the server when a grouped kanban opens: ``web_read_group`` on
the action's domain, then ``web_search_read`` of the first page (the view's limit, 40) of every open
column, with the fields the kanban's cards show (built from the view as the user gets it, as the client's
``getFieldsSpec`` does). Each call starts with an empty record cache, as a new request would.

Board: action ``oms_dispatch.action_oms_operations_board``, its kanban view, grouped by
``oms_board_column`` (5 columns). Odoo: action ``sale.action_orders``, its kanban view, on the same
database. That view has no default grouping; it is measured grouped by ``user_id`` (5 salespeople, so 5
columns of 40 cards like the board: the like-for-like baseline the target applies to) and, for
information, grouped by ``state`` (a single column, all orders being confirmed). Odoo's kanban also
draws an activity progress bar (``read_progress_bar``), shown apart and left out of the ratio, which
keeps the comparison strict; the board's search panel (warehouse counters) is shown apart as well.

Target: board time / Odoo time <= 1.3 (medians of --repeat openings, alternated).

The data set (orders spread over the 12 stages, 3 lines each, stage history, 40 customers, 5 salespeople,
5 warehouses) is built with a few ORM-created template orders copied by bulk SQL, then the stored board
fields are recomputed by the ORM. It is committed, and reused by later runs, unless the database is the
shared ``oms_bench``: use ``OMS_BENCH_DB=oms_bench_board`` (``--rebuild`` builds it again).
"""

import json
import statistics
import time
from datetime import timedelta

from lxml import etree
from odoo_env import parse_arguments
from report import result

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tools import json_default
from odoo.tools.safe_eval import safe_eval

ARGUMENTS = parse_arguments(
    __doc__,
    {
        "--orders": {"type": int, "default": 20000},
        "--repeat": {"type": int, "default": 7},
        "--rebuild": {"action": "store_true", "help": "drop and build the benchmark orders again"},
    },
)
SHARED_DATABASE = "oms_bench"  # other benchmarks use it: never leave 20,000 orders in it
REFERENCE = "BENCH-BOARD-"
TEMPLATES = 60
TARGET = 1.3
KANBAN_LIMIT = 40  # the kanban's default page size per column (kanban_controller.js)
COUNT_LIMIT = 10001  # what the client sends as count_limit (DEFAULT_COUNT_LIMIT + 1)
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
# Field dependencies the card widgets add on the client (mail's kanban_activity).
WIDGET_FIELDS = {
    "kanban_activity": (
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_state",
        "activity_summary",
        "activity_type_icon",
        "activity_type_id",
    )
}


# ----- data set -----


def find_or_create(model, domain, values):
    return model.search(domain, limit=1) or model.create(values)


def make_masters(env):
    company = env.company
    warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    for index in range(1, 5):
        warehouses |= find_or_create(
            env["stock.warehouse"],
            [("code", "=", f"BW{index}"), ("company_id", "=", company.id)],
            {"name": f"Bench Warehouse {index}", "code": f"BW{index}", "company_id": company.id},
        )
    salesman = env.ref("sales_team.group_sale_salesman")
    users = env["res.users"]
    for index in range(5):
        users |= find_or_create(
            env["res.users"].with_context(no_reset_password=True),
            [("login", "=", f"bench_board_{index}")],
            {
                "name": f"Bench Salesperson {index}",
                "login": f"bench_board_{index}",
                "groups_id": [Command.set([env.ref("base.group_user").id, salesman.id])],
            },
        )
    partners = env["res.partner"]
    for index in range(40):
        partners |= find_or_create(
            env["res.partner"],
            [("ref", "=", f"BENCH-CUST-{index}")],
            {"name": f"Bench Customer {index:02d} Pvt Ltd", "ref": f"BENCH-CUST-{index}", "is_company": True},
        )
    products = env["product.product"]
    for index in range(5):
        products |= find_or_create(
            env["product.product"],
            [("default_code", "=", f"BENCH-ITEM-{index}")],
            {
                "name": f"Bench Item {index}",
                "default_code": f"BENCH-ITEM-{index}",
                "type": "consu",
                "l10n_in_hsn_code": ("84821000", "40103999", "73181500", "85013119", "39269099")[index],
            },
        )
    return warehouses, users, partners, products


def make_templates(env, warehouses, users, partners, products):
    """A few orders made by the ORM (prices, taxes, amounts as Odoo computes them); SQL copies them."""
    today = fields.Date.today()
    orders = (
        env["sale.order"]
        .with_context(**QUIET)
        .create(
            [
                {
                    "partner_id": partners[index % len(partners)].id,
                    "user_id": users[index % len(users)].id,
                    "warehouse_id": warehouses[(index // len(users)) % len(warehouses)].id,
                    "client_order_ref": f"{REFERENCE}{index}",
                    "oms_agreed_date": today + timedelta(days=10),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": products[(index + line) % len(products)].id,
                                "product_uom_qty": 1 + (index + line) % 7,
                                "price_unit": 100.0 * (1 + (index * 3 + line) % 11),
                            }
                        )
                        for line in range(3)
                    ],
                }
                for index in range(TEMPLATES)
            ]
        )
    )
    env.flush_all()
    return orders


def columns_of(cr, table, excluded):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in excluded]


def copy_orders(env, templates, count):
    """Copy the template orders and their lines with INSERT ... SELECT until there are ``count`` orders."""
    cr = env.cr
    cr.execute("DROP TABLE IF EXISTS bench_board_orders")
    cr.execute(
        """CREATE TEMP TABLE bench_board_orders AS
           SELECT id AS order_id, id AS template_id, row_number() OVER (ORDER BY id) - 1 AS n
             FROM sale_order WHERE id IN %s""",
        [tuple(templates.ids)],
    )
    cr.execute(
        """INSERT INTO bench_board_orders (order_id, template_id, n)
           SELECT nextval('sale_order_id_seq'), t.template_id, g.n
             FROM generate_series(%s, %s) AS g(n)
             JOIN bench_board_orders t ON t.n = mod(g.n, %s)""",
        [len(templates), count - 1, len(templates)],
    )
    order_columns = columns_of(cr, "sale_order", {"id", "name", "client_order_ref"})
    cr.execute(
        f"""INSERT INTO sale_order (id, name, client_order_ref, {", ".join(order_columns)})
            SELECT b.order_id, 'BB' || lpad(b.n::text, 6, '0'), %s || b.n,
                   {", ".join("s." + name for name in order_columns)}
              FROM bench_board_orders b JOIN sale_order s ON s.id = b.template_id
             WHERE b.order_id != b.template_id""",  # column names come from the catalogue
        [REFERENCE],
    )
    line_columns = columns_of(cr, "sale_order_line", {"id", "order_id"})
    cr.execute(
        f"""INSERT INTO sale_order_line (order_id, {", ".join(line_columns)})
            SELECT b.order_id, {", ".join("l." + name for name in line_columns)}
              FROM bench_board_orders b JOIN sale_order_line l ON l.order_id = b.template_id
             WHERE b.order_id != b.template_id
             ORDER BY b.order_id, l.id"""
    )


def spread_over_stages(env):
    """Orders n = 0, 1, ... go to stage n % 12, with varied dates, and get one history row per stage
    passed; then the ORM recomputes the stored board column, customer status and delivery risk."""
    # Odoo's addons path is known only once the configuration is read: import here, not at the top.
    from odoo.addons.oms_handover.oms_pipeline.stages import STAGE_CODES

    cr = env.cr
    stages = {stage.code: stage.id for stage in env["oms.stage"].search([])}
    positions = ", ".join(f"({stages[code]}, {index + 1})" for index, code in enumerate(STAGE_CODES))
    cr.execute(
        f"""WITH stage(id, position) AS (VALUES {positions})
            UPDATE sale_order o
               SET state = 'sale', locked = false,
                   date_order = now() at time zone 'UTC' - mod(b.n, 90) * interval '1 day',
                   oms_stage_id = stage.id,
                   oms_stage_date = now() at time zone 'UTC' - mod(b.n, 20) * interval '1 day',
                   oms_agreed_date = current_date + (mod(b.n * 7, 41) - 10)::integer,
                   oms_pod_received = stage.position = 12 OR (stage.position = 11 AND mod(b.n / 12, 3) = 0)
              FROM bench_board_orders b JOIN stage ON stage.position = mod(b.n, 12) + 1
             WHERE o.id = b.order_id"""  # ids and positions are integers made here
    )
    cr.execute(
        "UPDATE sale_order_line l SET state = 'sale' FROM bench_board_orders b WHERE l.order_id = b.order_id"
    )
    cr.execute(
        f"""WITH stage(id, position) AS (VALUES {positions})
            INSERT INTO oms_stage_history (order_id, company_id, user_id, from_stage_id, to_stage_id, date,
                                           kind, create_uid, create_date, write_uid, write_date)
            SELECT o.id, o.company_id, o.user_id, previous.id, current.id,
                   o.oms_stage_date - (mod(b.n, 12) + 1 - k) * interval '1 day', 'move',
                   %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
              FROM bench_board_orders b
              JOIN sale_order o ON o.id = b.order_id
             CROSS JOIN LATERAL generate_series(1, mod(b.n, 12) + 1) AS k
              JOIN stage current ON current.position = k
              LEFT JOIN stage previous ON previous.position = k - 1""",
        [SUPERUSER_ID, SUPERUSER_ID],
    )
    env["oms.stage.history"]._oms_fill_date_left()  # as the engine does when it writes each next event
    env.invalidate_all()
    cr.execute("SELECT order_id FROM bench_board_orders")
    orders = env["sale.order"].browse([order_id for (order_id,) in cr.fetchall()])
    for name in ("oms_board_column", "oms_delivery_risk"):  # oms_customer_status shares the first compute
        env.add_to_compute(orders._fields[name], orders)
    env.flush_all()
    cr.execute("DROP TABLE bench_board_orders")
    cr.execute("ANALYZE sale_order")
    cr.execute("ANALYZE sale_order_line")
    cr.execute("ANALYZE oms_stage_history")


def ensure_data_set(env, count, rebuild):
    cr = env.cr
    cr.execute("SELECT count(*) FROM sale_order WHERE client_order_ref LIKE %s", [REFERENCE + "%"])
    existing = cr.fetchone()[0]
    if existing == count and not rebuild:
        print(f"reusing the {count} benchmark orders of database {cr.dbname}")
        return False
    started = time.perf_counter()
    # Lines and history rows go with their order (ON DELETE CASCADE).
    cr.execute("DELETE FROM sale_order WHERE client_order_ref LIKE %s", [REFERENCE + "%"])
    masters = make_masters(env)
    templates = make_templates(env, *masters)
    copy_orders(env, templates, count)
    spread_over_stages(env)
    cr.execute(
        "SELECT oms_board_column, count(*) FROM sale_order WHERE client_order_ref LIKE %s GROUP BY 1 ORDER BY 1",
        [REFERENCE + "%"],
    )
    spread = ", ".join(f"{column}: {number}" for column, number in cr.fetchall())
    cr.execute(
        "SELECT count(*) FROM oms_stage_history h JOIN sale_order o ON o.id = h.order_id "
        "WHERE o.client_order_ref LIKE %s",
        [REFERENCE + "%"],
    )
    history = cr.fetchone()[0]
    print(f"built {count} orders ({spread}; {history} history rows) in {time.perf_counter() - started:.1f} s")
    return True


# ----- what a kanban asks when it opens -----


def kanban_of(env, action_xmlid):
    """The action's domain and its kanban view's field specification, page size and aggregates."""
    action = env.ref(action_xmlid)
    views = {mode: view_id for view_id, mode in action.views}
    view = env["sale.order"].get_view(views.get("kanban"), "kanban")
    arch = etree.fromstring(view["arch"])
    names = []
    for node in arch.iter("field"):
        for name in (node.get("name"), *WIDGET_FIELDS.get(node.get("widget"), ())):
            if name not in names:
                names.append(name)
    if arch.get("highlight_color") and arch.get("highlight_color") not in names:
        names.append(arch.get("highlight_color"))
    described = env["sale.order"].fields_get(names, attributes=["type", "aggregator"])
    spec = {}
    for name in names:
        kind = described[name]["type"]
        spec[name] = {"fields": {"display_name": {}}, "context": {}} if kind == "many2one" else {}
    progress = arch.find("progressbar")
    domain = safe_eval(action.domain or "[]", {"uid": env.uid, "context": env.context})
    return {
        "domain": domain,
        "spec": spec,
        "limit": int(arch.get("limit") or KANBAN_LIMIT),
        "aggregates": [
            f"{name}:{described[name]['aggregator']}" for name in names if described[name].get("aggregator")
        ],
        "progress_bar": progress is not None
        and {"field": progress.get("field"), "colors": json.loads(progress.get("colors"))},
        "default_group_by": arch.get("default_group_by"),
    }


class Meter:
    """Times server calls as separate requests would run them: empty record cache, JSON reply."""

    def __init__(self, env):
        self.env, self.seconds, self.queries = env, 0.0, 0

    def call(self, method, *args, **kwargs):
        self.env.invalidate_all()
        queries, started = odoo.sql_db.sql_counter, time.perf_counter()
        result = getattr(self.env["sale.order"], method)(*args, **kwargs)
        json.dumps(result, default=json_default)
        self.seconds += time.perf_counter() - started
        self.queries += odoo.sql_db.sql_counter - queries
        return result


def open_kanban(env, kanban, group_by, with_progress_bar=False, with_search_panel=False):
    """One opening; returns (seconds, queries, columns, cards)."""
    meter, domain = Meter(env), kanban["domain"]
    aggregates = [name for name in kanban["aggregates"] if not name.startswith(group_by + ":")]
    groups = meter.call("web_read_group", domain, aggregates, [group_by], lazy=True)["groups"]
    cards = 0
    for group in groups:
        if group[f"{group_by}_count"] and not group.get("__fold"):
            page = meter.call(
                "web_search_read",
                group["__domain"],
                kanban["spec"],
                offset=0,
                limit=kanban["limit"],
                order="",
                count_limit=COUNT_LIMIT,
            )
            cards += len(page["records"])
    if with_progress_bar and kanban["progress_bar"]:
        meter.call("read_progress_bar", domain, group_by, kanban["progress_bar"])
    if with_search_panel:
        meter.call(
            "search_panel_select_range",
            "warehouse_id",
            category_domain=[],
            enable_counters=True,
            expand=False,
            filter_domain=[],
            hierarchize=True,
            limit=200,
            search_domain=domain,
        )
    return meter.seconds, meter.queries, len(groups), cards


def measure(env, cases, repeat):
    """Run every case ``repeat`` times, alternating them (drift on a shared machine hits all alike);
    one warm-up round first (registry caches, Python imports). Returns {label: (median s, queries, ...)}."""
    samples = {label: [] for label, _run in cases}
    for round_index in range(repeat + 1):
        for label, run in cases:
            result = run()
            if round_index:
                samples[label].append(result)
    return {
        label: (
            statistics.median(result[0] for result in results),
            statistics.median(result[1] for result in results),
            *results[-1][2:],
        )
        for label, results in samples.items()
    }


def main():
    odoo.tools.config.parse_config(["-c", ARGUMENTS.odoo_config, *ARGUMENTS.odoo_option])
    persist = ARGUMENTS.database != SHARED_DATABASE
    registry = Registry(ARGUMENTS.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        ensure_data_set(env, ARGUMENTS.orders, ARGUMENTS.rebuild)
        if persist:
            cr.commit()
        user = env.ref("base.user_admin")
        env = api.Environment(
            cr,
            user.id,
            {"lang": "en_US", "tz": "UTC", "allowed_company_ids": [user.company_id.id], "bin_size": True},
        )
        board = kanban_of(env, "oms_dispatch.action_oms_operations_board")
        odoo_kanban = kanban_of(env, "sale.action_orders")
        cases = [
            ("board, by oms_board_column", lambda: open_kanban(env, board, "oms_board_column")),
            ("odoo, by user_id (baseline)", lambda: open_kanban(env, odoo_kanban, "user_id")),
            ("odoo, by state", lambda: open_kanban(env, odoo_kanban, "state")),
            (
                "board + search panel counters",
                lambda: open_kanban(env, board, "oms_board_column", with_search_panel=True),
            ),
            (
                "odoo by user_id + progress bar",
                lambda: open_kanban(env, odoo_kanban, "user_id", with_progress_bar=True),
            ),
        ]
        results = measure(env, cases, ARGUMENTS.repeat)
        cr.rollback()
    print(f"{ARGUMENTS.orders} orders, median of {ARGUMENTS.repeat} openings, server time per opening:")
    print(f"{'':32} {'ms':>8} {'queries':>8} {'columns':>8} {'cards':>6} {'ms/card':>8}")
    for label, (seconds, queries, columns, cards) in results.items():
        print(
            f"{label:<32} {seconds * 1000:8.1f} {queries:8.0f} {columns:8d} {cards:6d} "
            f"{seconds * 1000 / max(cards, 1):8.2f}"
        )
    board_time = results["board, by oms_board_column"][0]
    ratio = board_time / results["odoo, by user_id (baseline)"][0]
    print(
        f"ratio board / odoo (same columns and cards): {ratio:.2f} (target <= {TARGET}): "
        f"{'PASS' if ratio <= TARGET else 'FAIL'}"
    )
    print(
        f"for information, board / odoo by state (1 column): {board_time / results['odoo, by state'][0]:.2f}"
    )
    baseline_time = results["odoo, by user_id (baseline)"][0]
    result(
        "board opening (5 columns, first page)",
        board_time,
        "s",
        f"<= {TARGET} x Odoo's sale kanban",
        ratio <= TARGET,
        baseline=baseline_time,
        work=ARGUMENTS.orders,
    )
    result(
        "board opening: queries",
        results["board, by oms_board_column"][1],
        "queries",
        "no per-card query",
        True,
        kind="per_item",
        work=ARGUMENTS.orders,
    )


main()
