"""Two machines (issue 17): two `serve.py` servers behind nginx sharing one PostgreSQL database and one
folder of extracts, each with its own working directory (its own copy of the code) and its own cache
folder, as two machines would have them. Through a real browser (Debian's chromium), each session sent to
the server we choose by nginx's route cookie:

- a lockout decided on A refuses the account on B at once;
- a role changed on A (the users CLI, A's working directory) applies on B at its next rerun, and removing the
  account ends its open session there;
- exports made on A, then B, then A appear in one audit trail, in that order;
- an import through A's import page is what B serves next (B's data owner sees the new version's folder);
- kill -9 of A loses nothing: B serves A's visitors (nginx), accounts and the whole trail are there;
- the application's PostgreSQL role cannot delete or change a line of the trail.

PostgreSQL (tests/pgcluster.py) and nginx come from Debian's packages (scripts/install-test-deps.sh); in CI
(REQUIRE_BROWSER=1) a missing one is a failure, never a skip. One set-up for the module; every process
started here is ended by its pid.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

import state
from browser import (TIMEOUT_MS, TIMEOUT_S, free_port, goto, healthy, need_browser, new_page, poll_until, quiet,
                     rerun, settle, wait_for_log)
from dashboard import auth
from fixtures import write_fixture
from importer import store
from pgcluster import APP, OWNER, postgres_cluster

REPO = Path(__file__).resolve().parent.parent
PW = "motdepasse-solide-2024"
SIZE = (1280, 720)
LOCKED, FRIEND, ADMIN_A, ADMIN_B = "verrou", "ami", "awa.a", "awa.b"
# the visible effect of a sign-in (a refused one may run too quickly to be seen running)
SIGNED_IN_OR_REFUSED = ("document.body.innerText.includes('Se déconnecter') || "
                        "document.body.innerText.includes('Identifiant ou mot de passe incorrect.')")
COPY_IGNORE = shutil.ignore_patterns(".git", "data", "artifacts", "__pycache__", ".pytest_cache", ".benchmarks",
                                     "users.json*", "audit.jsonl", "*.log")


def need_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("nginx manquant (paquet Debian nginx) : lancez scripts/install-test-deps.sh")
        pytest.skip("nginx manquant (paquet Debian nginx)")
    return found


class Machine:
    """One server: its own copy of the code (working directory), cache folder and log."""

    def __init__(self, name: str, root: Path, env: dict):
        self.name, self.dir = name, root / name
        shutil.copytree(REPO, self.dir / "kangaba", ignore=COPY_IGNORE)
        self.code = self.dir / "kangaba"
        self.port = free_port()
        self.addr = f"127.0.0.1:{self.port}"
        self.env = {**env, "KANGABA_CACHE": str(self.dir / "cache"), "KANGABA_USERS": str(self.dir / "users.json"),
                    "KANGABA_AUDIT": str(self.dir / "audit.jsonl")}
        self.log = self.dir / "streamlit.log"
        self.proc = None

    def start(self) -> None:
        out = open(self.log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=self.code, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        out.close()

    def wait(self) -> None:
        base = f"http://{self.addr}"
        try:
            poll_until(lambda: healthy(base), f"le serveur {self.name} n'a pas démarré", TIMEOUT_S,
                       give_up=lambda: self.proc.poll() is not None)
        except (RuntimeError, TimeoutError) as e:
            raise RuntimeError(f"{e}\n{self.log.read_text(errors='replace')[-2000:]}") from None
        wait_for_log(self.log, "état partagé : postgresql")           # accounts and trail in the database

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def upstream(base: str, route: str) -> str:
    req = urllib.request.Request(base + "/_stcore/health", headers={"Cookie": f"kangaba_route={route}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.headers.get("X-Kangaba-Upstream", "")


@pytest.fixture(scope="module")
def cluster():
    need_browser()
    nginx = need_nginx()
    root = Path(tempfile.mkdtemp(prefix="kangaba-2servers-"))
    machines, proxy = [], None
    with postgres_cluster() as pg, pytest.MonkeyPatch.context() as mp:
        try:
            state.pg.setup(pg.url(OWNER), APP)
            shared = root / "partage" / "data"                        # the folder both machines mount
            write_fixture(shared, synthetic=False)
            mp.setenv(state.URL_ENV, pg.url(APP))                     # this process: a third machine (CLI)
            mp.setenv("KANGABA_USERS", str(root / "pas-de-fichier" / "users.json"))
            mp.setenv("KANGABA_AUDIT", str(root / "pas-de-fichier" / "audit.jsonl"))
            for login in (LOCKED, ADMIN_A, ADMIN_B):
                auth.add_user(login, PW, "admin")
            auth.add_user(FRIEND, PW, "staff")
            env = {**os.environ, "KANGABA_DATA": str(shared), "KANGABA_DEMO": "0", "KANGABA_WARMUP": "0",
                   "STREAMLIT_SERVER_COOKIE_SECRET": "secret-commun-aux-deux-serveurs-" + "0" * 32}
            machines = [Machine("A", root, env), Machine("B", root, env)]
            for m in machines:
                m.start()
            for m in machines:
                m.wait()
            run = root / "nginx"
            (run / "tmp").mkdir(parents=True)
            os.chmod(root, 0o755)
            os.chmod(run, 0o755)
            os.chmod(run / "tmp", 0o777)                              # nginx's workers may run as nobody
            port = free_port()
            ups = "\n".join(f"        server {m.addr} max_fails=1 fail_timeout=5s;" for m in machines)
            conf = (REPO / "bench" / "nginx.conf.template").read_text().replace("@@RUN_DIR@@", str(run)) \
                .replace("@@PORT@@", str(port)).replace("@@UPSTREAMS@@", ups)
            (run / "nginx.conf").write_text(conf)
            proxy = subprocess.Popen([nginx, "-p", str(run), "-c", str(run / "nginx.conf")],
                                     stdout=subprocess.DEVNULL, stderr=open(run / "nginx.out", "w"))
            base = f"http://127.0.0.1:{port}"
            poll_until(lambda: healthy(base), "nginx ne répond pas", 60, give_up=lambda: proxy.poll() is not None)
            routes = {}
            for i in range(200):                                      # a route cookie that nginx sends to each
                routes.setdefault(upstream(base, f"route-{i}"), f"route-{i}")
                if all(m.addr in routes for m in machines):
                    break
            yield {"pg": pg, "base": base, "A": machines[0], "B": machines[1], "data": shared, "root": root,
                   "route": {m.name: routes[m.addr] for m in machines}}
        finally:
            if proxy is not None:
                proxy.send_signal(signal.SIGQUIT)                     # graceful stop of nginx, by its pid
                try:
                    proxy.wait(30)
                except subprocess.TimeoutExpired:
                    proxy.kill()
                    proxy.wait()
            for m in machines:
                m.stop()
            state.open_url(pg.url(APP)).close()
            shutil.rmtree(root, ignore_errors=True)


def visit(browser, cluster, machine: str, path: str = ""):
    """A browser context whose requests nginx sends to `machine`; its first page opened and settled."""
    ctx, page = new_page(browser, SIZE, locale="fr-FR")
    ctx.add_cookies([{"name": "kangaba_route", "value": cluster["route"][machine], "url": cluster["base"]}])
    resp = page.goto(cluster["base"] + "/" + path, timeout=TIMEOUT_MS)
    assert resp.headers.get("x-kangaba-upstream") == cluster[machine].addr
    settle(page)
    return ctx, page


def sign_in(page, login: str, password: str = PW, ok: bool = True) -> None:
    """Sign in through the form and wait for its outcome: signed in (the sign-out button) or refused."""
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    with rerun(page, until=SIGNED_IN_OR_REFUSED):
        page.get_by_role("button", name="Se connecter").click()
    if ok:
        page.get_by_role("button", name="Se déconnecter").wait_for(timeout=TIMEOUT_MS)
    else:
        page.get_by_text("Identifiant ou mot de passe incorrect.").wait_for(timeout=TIMEOUT_MS)
    quiet(page)


def events(login: str | None = None) -> list[dict]:
    return [e for e in auth.read_audit(100_000) if login is None or e.get("who") == login or e.get("login") == login]


def test_app_role_cannot_delete_or_change_audit_rows(cluster):
    import psycopg
    pg = cluster["pg"]
    n = pg.sql("select count(*) from kangaba.audit", role=APP)[0][0]
    assert n == 4                                                  # the four accounts added
    for statement in ("delete from kangaba.audit", "update kangaba.audit set who = null", "truncate kangaba.audit"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg.sql(statement, role=APP)
    assert pg.sql("select count(*) from kangaba.audit", role=APP)[0][0] == n


def test_lockout_on_a_holds_on_b(cluster, browser):
    for _ in range(auth.LOCK_AFTER - 1):                          # nine failures elsewhere (the slowing is 55 s)
        auth.authenticate(LOCKED, "pas-le-bon", sleep=lambda s: None)
    ctx_a, a = visit(browser, cluster, "A")
    ctx_b, b = visit(browser, cluster, "B")
    try:
        sign_in(a, LOCKED, "pas-le-bon", ok=False)                           # the tenth, on A: locked
        assert "Identifiant ou mot de passe incorrect." in a.inner_text("body")
        assert events(LOCKED)[-1] == {**events(LOCKED)[-1], "event": "sign_in_failed", "failures": auth.LOCK_AFTER}
        sign_in(b, LOCKED, ok=False)                                       # the right password, on B: refused at once
        assert "Identifiant ou mot de passe incorrect." in b.inner_text("body")
        assert b.get_by_role("button", name="Se déconnecter").count() == 0
        assert events(LOCKED)[-1]["event"] == "sign_in_locked"
    finally:
        ctx_a.close()
        ctx_b.close()


def users_cli(machine: Machine, *args: str) -> None:
    """python -m dashboard.users … run on `machine` (its working directory and environment)."""
    r = subprocess.run([sys.executable, "-m", "dashboard.users", *args], cwd=machine.code, env=machine.env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


def sidebar_link(page, name: str) -> None:
    """A page of the sidebar: a new script run of the same session."""
    with rerun(page):
        page.locator("[data-testid='stSidebar']").get_by_role("link", name=name).click()


def test_role_change_then_removal_on_a_apply_on_b_at_its_next_rerun(cluster, browser):
    ctx, b = visit(browser, cluster, "B")
    try:
        sign_in(b, FRIEND)
        b.get_by_text(f"Connecté : {FRIEND} — Personnel ECPAT Luxembourg").wait_for(timeout=TIMEOUT_MS)
        users_cli(cluster["A"], "set-role", FRIEND, "--role", "committee")
        sidebar_link(b, "Vue d'ensemble")                          # B's next rerun: the new role
        b.get_by_text(f"Connecté : {FRIEND} — Comité de pilotage").wait_for(timeout=TIMEOUT_MS)
        users_cli(cluster["A"], "remove", FRIEND)
        sidebar_link(b, "Sensibilisation")                         # B's next rerun: the session ends
        b.get_by_text("Votre compte a été supprimé ou son mot de passe changé").wait_for(timeout=TIMEOUT_MS)
        assert b.get_by_role("button", name="Se déconnecter").count() == 0
        ended = [e for e in events(FRIEND) if e["event"] == "session_revoked"]
        assert [e["reason"] for e in ended] == ["account_removed"]
    finally:
        ctx.close()


def export(page) -> bytes:
    button = page.get_by_role("button", name="Cadre logique (Excel, bailleur)")
    if not button.is_visible():                                    # the sidebar's export list, opened once
        page.locator("[data-testid='stSidebar']").get_by_text("Exporter cette vue").click()
    button.wait_for(state="visible", timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as dl:
        button.click()
    return Path(dl.value.path()).read_bytes()


def test_exports_of_both_servers_in_one_trail_in_order(cluster, browser):
    ctx_a, a = visit(browser, cluster, "A")
    ctx_b, b = visit(browser, cluster, "B")
    try:
        sign_in(a, ADMIN_A)
        sign_in(b, ADMIN_B)
        for page in (a, b, a):
            assert export(page)[:2] == b"PK"                       # an xlsx, not a refusal
        done = [e["who"] for e in events() if e["event"] in ("export", "export_refused")]
        assert done[-3:] == [ADMIN_A, ADMIN_B, ADMIN_A]
        assert {e["event"] for e in events() if e["event"].startswith("export")} == {"export"}
    finally:
        ctx_a.close()
        ctx_b.close()


def open_quality(page) -> None:
    """The data-quality page, which shows the data owner the folder of the extracts the server opened."""
    sidebar_link(page, "Qualité des données")
    page.get_by_text("chargés depuis").first.wait_for(timeout=TIMEOUT_MS)
    quiet(page)


def test_import_through_a_is_served_by_b(cluster, browser, tmp_path):
    from import_fixtures.build import messy_activities
    data = cluster["data"]
    assert store.current_version(data) is None                     # plain extracts until the first import
    ctx_b, b = visit(browser, cluster, "B")
    ctx_a, a = visit(browser, cluster, "A")
    try:
        sign_in(b, ADMIN_B)
        open_quality(b)
        assert "versions/" not in b.locator("[data-testid='stMain']").inner_text()
        sign_in(a, ADMIN_A)
        sidebar_link(a, "Importer des données")
        f = messy_activities(tmp_path / "rapport.xlsx")
        with rerun(a, until="document.body.innerText.includes('Aperçu (simulation')"):
            a.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(f))
        a.get_by_text("Aperçu (simulation, rien n'est écrit)").wait_for(timeout=TIMEOUT_MS)
        quiet(a)
        with rerun(a, until="document.body.innerText.includes('Résultat du dernier import')"):
            a.get_by_role("button", name="Importer", exact=True).click()
        a.get_by_text("Résultat du dernier import").wait_for(timeout=TIMEOUT_MS)
        vid = store.current_version(data)
        assert vid is not None and vid.startswith("0002-")         # 0001: the plain extracts as they were
        log = state.current().versions_log()
        assert [(e["event"], e["who"], e["files"], e["version"]) for e in log] == \
            [("import", ADMIN_A, ["rapport.xlsx"], vid)]
        sidebar_link(b, "Vue d'ensemble")                          # B's next rerun opens the new version
        open_quality(b)
        assert f"versions/{vid}" in b.locator("[data-testid='stMain']").inner_text()
    finally:
        ctx_a.close()
        ctx_b.close()


def test_kill_9_of_a_loses_nothing(cluster, browser):
    before = events()
    users = auth.load_users()
    a = cluster["A"]
    a.proc.send_signal(signal.SIGKILL)
    a.proc.wait(60)
    assert not healthy(f"http://{a.addr}")
    ctx, page = new_page(browser, SIZE, locale="fr-FR")          # A's visitors: nginx sends them to B
    ctx.add_cookies([{"name": "kangaba_route", "value": cluster["route"]["A"], "url": cluster["base"]}])
    try:
        goto(page, cluster["base"] + "/")
        sign_in(page, ADMIN_A)
        assert page.get_by_role("button", name="Se déconnecter").count() == 1
        after = events()
        assert after[:len(before)] == before                       # every line written before the kill
        assert after[len(before)] == {**after[len(before)], "event": "sign_in", "who": ADMIN_A}
        assert auth.load_users() == users
        for m in ("A", "B"):                                       # no local file: everything in the database
            assert not (cluster[m].dir / "users.json").exists() and not (cluster[m].dir / "audit.jsonl").exists()
    finally:
        ctx.close()
