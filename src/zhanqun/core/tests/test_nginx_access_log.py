"""The access log the generated nginx configuration writes: combined + host (for
`zhanqun analytics ingest`, docs/analytics.md)."""

import pytest

from zhanqun.core import nginx


def test_the_server_logs_in_the_zhanqun_format_with_the_host():
    config = nginx.render_site_config()
    assert "log_format zhanqun '$remote_addr - $remote_user [$time_local] \"$request\" '" in config
    assert '"$http_user_agent" "$host"\';' in config
    assert "    access_log /var/log/nginx/zhanqun-access.log zhanqun;" in config


def test_a_standalone_server_logs_under_its_prefix():
    assert "access_log /srv/zq-nginx/access.log zhanqun;" in nginx.render_standalone_config("/srv/zq-nginx")


def test_the_access_log_path_cannot_inject_directives():
    with pytest.raises(ValueError):
        nginx.render_site_config(access_log="/var/log/x.log; include /etc/passwd")
