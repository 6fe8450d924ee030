"""The cluster's nginx, set up as Odoo's deployment guide sets up a production proxy (issue 18).

- Round robin over the nodes, no stickiness: Odoo's sessions live in the shared data_dir.
- The add-ons' static files (``/<module>/static/...``) come from the addons paths: the fonts and images
  wkhtmltopdf fetches for every PDF it renders cost no Odoo worker.
- The attachments Odoo hands over with ``X-Accel-Redirect`` (nodes started with ``--x-sendfile``), such as
  the report CSS bundles, come from the shared filestore.
"""

import configparser
import os
import pwd
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ODOO_SRC = "/opt/odoo/18.0"


def _option(odoo_config, odoo_options, name):
    """An Odoo option as the nodes get it: the command line wins over the configuration file."""
    flag = f"--{name.replace('_', '-')}="
    for option in odoo_options:
        if option.startswith(flag):
            return option[len(flag) :]
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(odoo_config)
    return parser.get("options", name, fallback="")


def _absolute(path):
    # The nodes run from the repository root, so Odoo resolves a relative path from there.
    expanded = os.path.expandvars(
        path.strip().replace("${ODOO_SRC}", os.environ.get("ODOO_SRC", DEFAULT_ODOO_SRC))
    )
    return (ROOT / os.path.expanduser(expanded)).resolve()


def odoo_paths(odoo_config, odoo_options):
    """(addons paths, filestore) the nodes serve from."""
    addons = [
        _absolute(path) for path in _option(odoo_config, odoo_options, "addons_path").split(",") if path
    ]
    data_dir = _option(odoo_config, odoo_options, "data_dir") or "~/.local/share/Odoo"
    return addons, _absolute(data_dir) / "filestore"


def nginx_conf(cluster, state_dir):
    nodes = range(1, cluster.nodes + 1)
    http = "\n".join(
        f"        server 127.0.0.1:{cluster.node_port(n)} max_fails=1 fail_timeout=5s;" for n in nodes
    )
    events = "\n".join(f"        server 127.0.0.1:{cluster.node_port(n) + 100};" for n in nodes)
    addons, filestore = odoo_paths(cluster.odoo_config, cluster.odoo_options)
    static_paths = " ".join(f"{path}$uri" for path in addons)
    temp = state_dir / "nginx-temp"
    # nginx started by root hands its workers to "nobody", who cannot read the filestore Odoo made for its
    # own user; the workers run as the user whose nodes wrote it (the directive is ignored when not root).
    user = pwd.getpwuid(os.geteuid()).pw_name
    return f"""daemon off;
user {user};
worker_processes 1;
pid {state_dir}/nginx.pid;
error_log {state_dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {state_dir}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    upstream odoo {{
{http}
    }}
    upstream odoo_websocket {{
{events}
    }}
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    server {{
        listen 127.0.0.1:{cluster.proxy_port};
        client_max_body_size 64m;
        proxy_connect_timeout 5s;
        proxy_read_timeout 720s;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Real-IP $remote_addr;
        location /websocket {{
            proxy_pass http://odoo_websocket;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }}
        # Static files straight from the addons paths, in Odoo's order; a path none of them has goes to Odoo.
        location ~ ^/[^/]+/static/.+$ {{
            root /;
            try_files {static_paths} @odoo;
            expires 24h;
        }}
        # Attachments Odoo has checked and handed over (X-Accel-Redirect); never reachable directly.
        location /web/filestore {{
            internal;
            alias {filestore};
        }}
        location / {{
            # A node that refuses the connection is skipped; a request already sent is never replayed
            # on another node (nginx's default for POST), so no action runs twice behind the user's back.
            proxy_next_upstream error timeout;
            proxy_pass http://odoo;
        }}
        location @odoo {{
            proxy_next_upstream error timeout;
            proxy_pass http://odoo;
        }}
    }}
}}
"""
