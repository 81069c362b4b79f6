"""The nginx.conf scripts/start-cluster.sh renders: valid for nginx, sticky by cookie, every instance a backup."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _render(tmp_path: Path, instances: int, port: int = 9000) -> str:
    env = {**os.environ, "WORKBOOK_CLUSTER_PORT": str(port), "WORKBOOK_CLUSTER_DIR": str(tmp_path)}
    done = subprocess.run(
        ["bash", "scripts/start-cluster.sh", "config", str(instances)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _block(conf: str, name: str) -> str:
    match = re.search(rf"upstream {name} \{{(.*?)\}}", conf, re.S)
    assert match, f"no upstream {name}"
    return match.group(1)


@pytest.mark.parametrize("instances", [1, 3])
def test_nginx_accepts_the_rendered_config(tmp_path: Path, instances: int) -> None:
    assert Path(NGINX).exists(), "nginx is missing: apt-get install nginx"
    (tmp_path / "nginx.conf").write_text(_render(tmp_path, instances))
    (tmp_path / "nginx-tmp").mkdir()
    done = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def test_each_instance_has_its_pool_with_the_others_as_backups(tmp_path: Path) -> None:
    conf = _render(tmp_path, 3)
    ports = [9001, 9002, 9003]
    for k, port in enumerate(ports, start=1):
        assert re.search(rf"127\.0\.0\.1:{port} workbook_{k};", conf), "the cookie names the instance's pool"
        pool = _block(conf, f"workbook_{k}")
        assert f"server 127.0.0.1:{port} max_fails=1 fail_timeout=3s;" in pool
        for other in ports:
            if other != port:
                assert f"server 127.0.0.1:{other} backup;" in pool
    everyone = _block(conf, "workbook_all")
    assert all(f"server 127.0.0.1:{p} max_fails" in everyone for p in ports)
    assert "backup" not in everyone


def test_stickiness_is_by_cookie_and_websockets_stay_open(tmp_path: Path) -> None:
    conf = _render(tmp_path, 2)
    assert "map $cookie_workbook_instance $workbook_pool" in conf
    assert "proxy_pass http://$workbook_pool;" in conf
    assert "ip_hash" not in conf  # a class behind one NAT shares a source address
    assert "add_header Set-Cookie $workbook_cookie always;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Host $http_host;" in conf  # Streamlit compares Origin with Host, port included
    assert "proxy_read_timeout 1h;" in conf
    assert not re.search(r"@@[A-Z]+@@", conf), "a placeholder was left unfilled"


def test_config_refuses_a_bad_instance_count(tmp_path: Path) -> None:
    env = {**os.environ, "WORKBOOK_CLUSTER_DIR": str(tmp_path)}
    done = subprocess.run(
        ["bash", "scripts/start-cluster.sh", "config", "zwei"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "用法" in done.stderr
