"""Offline checks of the deployment kit (run by scripts/check-deploy.sh).

Each check prints one line per thing checked; any failure makes the exit
status 1. Needs PyYAML, kubernetes-validate (bundles the Kubernetes JSON
schemas: works offline) and pglast (PostgreSQL's own parser). Usage:

    python deploy/check_deploy.py [--deploy-dir DIR]

--deploy-dir points at another copy of deploy/ (used to prove the checks
fail on a broken copy).
"""

import argparse
import copy
import json
import os
import re
import sys

import yaml

# Kubernetes versions the manifests must be valid for (oldest supported, newest).
K8S_VERSIONS = ["1.29.0", "1.37.0"]

# The metrics Ringledger exports (backend/core/src/metrics.rs); the dashboard may
# use nothing else.
METRICS = {
    "ringledger_http_requests_total",
    "ringledger_http_request_duration_seconds_bucket",
    "ringledger_cdrs_total",
    "ringledger_authorizations_total",
    "ringledger_bill_run_accounts",
    "ringledger_outbox_pending",
    "ringledger_db_pool_connections",
}

failures = []


def ok(msg):
    print(f"  ok    {msg}")


def fail(msg):
    print(f"  FAIL  {msg}")
    failures.append(msg)


# ----------------------------------------------------------------- kustomize --
# No kustomize binary is installable from PyPI/npm/crates.io, so this renders
# the SUBSET of kustomize the kit uses: resources (files and directories),
# namespace, labels, images, replicas, patches (strategic-merge files with
# name matching, and inline JSON 6902 patches with a kind/name target).
# Anything else in a kustomization.yaml is reported as unsupported, so the
# renderer cannot silently diverge from real kustomize.

SUPPORTED_KEYS = {"apiVersion", "kind", "namespace", "resources", "labels",
                  "images", "replicas", "patches"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "ClusterIssuer"}


def load_docs(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def smp_merge(base, patch):
    """Strategic-merge subset: maps merge recursively; lists of maps with
    `name` merge item by item; other lists are replaced; null deletes."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            if v is None:
                out.pop(k, None)
            elif k in out:
                out[k] = smp_merge(out[k], v)
            else:
                out[k] = copy.deepcopy(v)
        return out
    if (isinstance(base, list) and isinstance(patch, list)
            and all(isinstance(i, dict) and "name" in i for i in base + patch)):
        out = [copy.deepcopy(i) for i in base]
        for item in patch:
            for j, existing in enumerate(out):
                if existing["name"] == item["name"]:
                    out[j] = smp_merge(existing, item)
                    break
            else:
                out.append(copy.deepcopy(item))
        return out
    return copy.deepcopy(patch)


def json6902(doc, ops, where):
    for op in ops:
        parts = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].split("/")[1:]]
        parent = doc
        for p in parts[:-1]:
            parent = parent[int(p)] if isinstance(parent, list) else parent[p]
        last = parts[-1]
        if isinstance(parent, list):
            last = len(parent) if last == "-" else int(last)
        kind = op["op"]
        if kind == "replace":
            if isinstance(parent, list):
                if last >= len(parent):
                    raise KeyError(f"{where}: replace {op['path']}: no such element")
            elif last not in parent:
                raise KeyError(f"{where}: replace {op['path']}: no such field")
            parent[last] = op["value"]
        elif kind == "add":
            if isinstance(parent, list):
                parent.insert(last, op["value"])
            else:
                parent[last] = op["value"]
        elif kind == "remove":
            del parent[last]
        else:
            raise ValueError(f"{where}: JSON patch op {kind!r} not supported by this renderer")


def build(kdir):
    kfile = os.path.join(kdir, "kustomization.yaml")
    (k,) = load_docs(kfile)
    extra = set(k) - SUPPORTED_KEYS
    if extra:
        raise ValueError(f"{kfile}: keys not supported by the offline renderer: {sorted(extra)}")
    docs = []
    for r in k.get("resources", []):
        p = os.path.normpath(os.path.join(kdir, r))
        if os.path.isdir(p):
            docs += build(p)
        elif os.path.isfile(p):
            docs += load_docs(p)
        else:
            raise FileNotFoundError(f"{kfile}: resource {r} does not exist")
    for patch in k.get("patches", []):
        if "path" in patch:
            for pd in load_docs(os.path.join(kdir, patch["path"])):
                hits = [i for i, d in enumerate(docs)
                        if d["kind"] == pd["kind"] and d["metadata"]["name"] == pd["metadata"]["name"]]
                if not hits:
                    raise KeyError(f"{kfile}: patch {patch['path']} matches no resource")
                for i in hits:
                    docs[i] = smp_merge(docs[i], pd)
        else:
            t = patch["target"]
            hits = [d for d in docs if d["kind"] == t["kind"] and d["metadata"]["name"] == t["name"]]
            if not hits:
                raise KeyError(f"{kfile}: patch target {t} matches no resource")
            for d in hits:
                json6902(d, yaml.safe_load(patch["patch"]), kfile)
    for rep in k.get("replicas", []):
        hits = [d for d in docs if d["metadata"]["name"] == rep["name"] and "replicas" in d.get("spec", {})]
        if not hits:
            raise KeyError(f"{kfile}: replicas for {rep['name']}: no such workload")
        for d in hits:
            d["spec"]["replicas"] = rep["count"]
    for img in k.get("images", []):
        for d in docs:
            pod = d.get("spec", {}).get("template", {}).get("spec", {})
            for c in pod.get("containers", []) + pod.get("initContainers", []):
                name = re.split(r"[:@]", c["image"])[0]
                if name == img["name"]:
                    c["image"] = f"{img.get('newName', name)}:{img.get('newTag', 'latest')}"
    for lab in k.get("labels", []):
        for d in docs:
            d["metadata"].setdefault("labels", {}).update(lab["pairs"])
            if lab.get("includeSelectors"):
                raise ValueError(f"{kfile}: includeSelectors not supported by the offline renderer")
    if "namespace" in k:
        for d in docs:
            if d["kind"] not in CLUSTER_SCOPED:
                d["metadata"]["namespace"] = k["namespace"]
    return docs


def check_manifests(deploy):
    import kubernetes_validate

    print("Kubernetes manifests (kustomize subset renderer + kubernetes-validate, strict, "
          + " and ".join(K8S_VERSIONS) + "):")
    for name in ["k8s/base", "k8s/overlays/production"]:
        kdir = os.path.join(deploy, name)
        try:
            docs = build(kdir)
        except Exception as e:  # noqa: BLE001 - every problem is a finding
            fail(f"{name}: cannot render: {e}")
            continue
        ok(f"{name}: rendered {len(docs)} resources")
        seen = set()
        for d in docs:
            key = (d.get("kind"), d.get("metadata", {}).get("namespace"), d.get("metadata", {}).get("name"))
            if key in seen:
                fail(f"{name}: duplicate resource {key}")
            seen.add(key)
            for v in K8S_VERSIONS:
                try:
                    kubernetes_validate.validate(d, v, strict=True)
                except Exception as e:  # noqa: BLE001
                    first = str(e).splitlines()[0]
                    fail(f"{name}: {d.get('kind')}/{d.get('metadata', {}).get('name')} invalid for {v}: {first}")
                    break
            else:
                ok(f"{name}: {d['kind']}/{d['metadata']['name']} valid")
        check_consistency(name, docs)
        if "overlays" in name:
            imgs = {c["image"] for d in docs for c in
                    d.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])}
            if any(":" not in i or i.endswith(":latest") or "/" not in i for i in imgs):
                fail(f"{name}: images must name a registry and a release tag: {sorted(imgs)}")
            else:
                ok(f"{name}: images {sorted(imgs)}")
    # Files not listed in a kustomization still get a schema check.
    for extra in ["k8s/base/secret.example.yaml"]:
        for d in load_docs(os.path.join(deploy, extra)):
            try:
                for v in K8S_VERSIONS:
                    kubernetes_validate.validate(d, v, strict=True)
                ok(f"{extra}: {d['kind']}/{d['metadata']['name']} valid")
            except Exception as e:  # noqa: BLE001
                fail(f"{extra}: invalid: {str(e).splitlines()[0]}")


def check_consistency(name, docs):
    """Cross-resource references the schemas cannot see."""
    by = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    cms = {n for (k, n) in by if k == "ConfigMap"}
    svcs = {n: d for (k, n), d in by.items() if k == "Service"}
    problems = 0
    example_secret = {"database-url", "smtp-url", "jwt-signing-key", "secrets-key",
                      "platform-stripe-secret-key", "platform-stripe-webhook-secret", "metrics-token"}
    for (kind, n), d in by.items():
        if kind in ("Deployment", "Job"):
            tmpl = d["spec"]["template"]
            sel = d["spec"].get("selector", {}).get("matchLabels", {})
            if any(tmpl["metadata"].get("labels", {}).get(k) != v for k, v in sel.items()):
                fail(f"{name}: {kind}/{n}: selector does not match the pod labels"); problems += 1
            pod = tmpl["spec"]
            if not pod.get("securityContext", {}).get("runAsNonRoot"):
                fail(f"{name}: {kind}/{n}: runAsNonRoot missing"); problems += 1
            for c in pod["containers"]:
                for ef in c.get("envFrom", []):
                    ref = ef.get("configMapRef", {}).get("name")
                    if ref and ref not in cms:
                        fail(f"{name}: {kind}/{n}: ConfigMap {ref} not defined"); problems += 1
                for e in c.get("env", []):
                    sk = e.get("valueFrom", {}).get("secretKeyRef")
                    if sk and (sk["name"] != "ringledger-secrets" or sk["key"] not in example_secret):
                        fail(f"{name}: {kind}/{n}: secret key {sk} not in secret.example.yaml"); problems += 1
                names = [e["name"] for e in c.get("env", [])]
                if kind == "Deployment" and "RINGLEDGER_JOBS" not in names:
                    fail(f"{name}: {kind}/{n}: RINGLEDGER_JOBS not set"); problems += 1
                if kind == "Deployment":
                    probes = (c.get("readinessProbe", {}).get("httpGet", {}).get("path"),
                              c.get("livenessProbe", {}).get("httpGet", {}).get("path"))
                    if probes != ("/readyz", "/healthz"):
                        fail(f"{name}: {kind}/{n}: probes are {probes}, want (/readyz, /healthz)"); problems += 1
                mounts = {m["name"] for m in c.get("volumeMounts", [])}
                vols = {v["name"] for v in pod.get("volumes", [])}
                if mounts - vols:
                    fail(f"{name}: {kind}/{n}: volumeMounts without volumes: {mounts - vols}"); problems += 1
        if kind == "Service":
            hits = [x for x in docs if x["kind"] == "Deployment" and all(
                x["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in d["spec"]["selector"].items())]
            if not hits:
                fail(f"{name}: Service/{n} selects no Deployment"); problems += 1
        if kind == "Ingress":
            for r in d["spec"]["rules"]:
                for p in r["http"]["paths"]:
                    s = p["backend"]["service"]
                    svc = svcs.get(s["name"])
                    if svc is None or s["port"].get("name") not in {pp.get("name") for pp in svc["spec"]["ports"]}:
                        fail(f"{name}: Ingress/{n}: backend {s} does not exist"); problems += 1
        if kind in ("HorizontalPodAutoscaler",):
            t = d["spec"]["scaleTargetRef"]
            if (t["kind"], t["name"]) not in by:
                fail(f"{name}: HPA/{n}: target {t['name']} does not exist"); problems += 1
        if kind == "PodDisruptionBudget":
            sel = d["spec"]["selector"]["matchLabels"]
            if not any(x["kind"] == "Deployment" and all(
                    x["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in sel.items()) for x in docs):
                fail(f"{name}: PDB/{n} selects no pods"); problems += 1
    if not problems:
        ok(f"{name}: cross-references (selectors, ConfigMap/Secret keys, Service/Ingress/HPA/PDB targets, probes, securityContext)")


# ------------------------------------------------------------------- compose --
def check_compose(deploy):
    print("compose.yaml (structure; no Docker engine here to run it):")
    path = os.path.join(deploy, "compose.yaml")
    try:
        with open(path) as f:
            c = yaml.safe_load(f)
    except Exception as e:  # noqa: BLE001
        fail(f"compose.yaml does not parse: {e}")
        return
    services = c.get("services") or {}
    if not services:
        fail("compose.yaml has no services")
        return
    ok(f"parses; services: {', '.join(services)}")
    want = {"postgres", "mailpit", "migrate", "web", "worker"}
    if want - set(services):
        fail(f"missing services: {sorted(want - set(services))}")
    volumes = set((c.get("volumes") or {}).keys())
    conds = {"service_started", "service_healthy", "service_completed_successfully"}
    bad = 0
    for name, s in services.items():
        if not s.get("image") and not s.get("build"):
            fail(f"{name}: neither image nor build"); bad += 1
        deps = s.get("depends_on") or {}
        items = deps.items() if isinstance(deps, dict) else ((d, {}) for d in deps)
        for dep, spec in items:
            if dep not in services:
                fail(f"{name}: depends_on undefined service {dep}"); bad += 1
            cond = (spec or {}).get("condition", "service_started")
            if cond not in conds:
                fail(f"{name}: unknown depends_on condition {cond}"); bad += 1
            if cond == "service_healthy":
                hc = services.get(dep, {}).get("healthcheck") or {}
                if not hc.get("test") or hc.get("disable"):
                    fail(f"{name}: waits for {dep} to be healthy but {dep} has no healthcheck"); bad += 1
        for v in s.get("volumes") or []:
            src = v.split(":")[0] if isinstance(v, str) else v.get("source")
            if src and not src.startswith((".", "/", "~")) and src not in volumes:
                fail(f"{name}: named volume {src} not declared"); bad += 1
        env = s.get("environment") or {}
        for k, val in (env.items() if isinstance(env, dict) else []):
            for ref in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", str(val)):
                pass  # interpolation from .env; documented in env.example
    jobs = {n: (services[n].get("environment") or {}).get("RINGLEDGER_JOBS") for n in ("web", "worker") if n in services}
    if jobs.get("web") != "none" or jobs.get("worker") != "all":
        fail(f"RINGLEDGER_JOBS must be none on web and all on worker, got {jobs}"); bad += 1
    if services.get("migrate", {}).get("command") != ["migrate"]:
        fail("migrate service must run `migrate`"); bad += 1
    if not bad:
        ok("depends_on targets and conditions, healthchecks behind service_healthy, named volumes, RINGLEDGER_JOBS split, migrate command")


# ------------------------------------------------------------------- grafana --
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "rate", "irate", "increase", "by", "without",
    "histogram_quantile", "clamp_min", "clamp_max", "le", "job", "method", "route",
    "status", "result", "state", "on", "ignoring", "group_left", "group_right",
    "and", "or", "unless", "offset", "bool", "abs", "topk", "bottomk",
}


def check_grafana(deploy):
    print("Grafana dashboard:")
    path = os.path.join(deploy, "grafana", "ringledger.json")
    try:
        with open(path) as f:
            d = json.load(f)
    except Exception as e:  # noqa: BLE001
        fail(f"ringledger.json does not parse: {e}")
        return
    ok(f"parses; schemaVersion {d.get('schemaVersion')}, {len(d.get('panels', []))} top-level panels")
    if not 36 <= int(d.get("schemaVersion", 0)) <= 41:
        fail("schemaVersion should be ~39")
    var_names = {v["name"] for v in d.get("templating", {}).get("list", [])}
    if "DS_PROMETHEUS" not in var_names:
        fail("no DS_PROMETHEUS data source variable")
    panels = []
    for p in d.get("panels", []):
        panels.append(p)
        panels += p.get("panels", [])
    used = set()
    bad = 0
    ids = [p["id"] for p in panels]
    if len(ids) != len(set(ids)):
        fail("duplicate panel ids"); bad += 1
    for p in panels:
        if p.get("type") == "row":
            continue
        if p.get("datasource", {}).get("uid") != "${DS_PROMETHEUS}":
            fail(f"panel {p.get('title')!r}: data source is not ${{DS_PROMETHEUS}}"); bad += 1
        if not p.get("targets"):
            fail(f"panel {p.get('title')!r}: no query"); bad += 1
        for t in p.get("targets", []):
            expr = t.get("expr", "")
            # Drop string literals and Grafana variables, then look at identifiers.
            bare = re.sub(r'"[^"]*"', '""', expr)
            bare = re.sub(r"\$__\w+|\$\w+", "", bare)
            for ident in re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*", bare):
                if ident in PROMQL_WORDS or re.fullmatch(r"e\d*", ident):
                    continue
                if ident.startswith("ringledger_"):
                    used.add(ident)
                    if ident not in METRICS:
                        fail(f"panel {p.get('title')!r}: unknown metric {ident}"); bad += 1
                else:
                    fail(f"panel {p.get('title')!r}: unexpected identifier {ident!r} in {expr}"); bad += 1
            if expr.count("(") != expr.count(")") or expr.count("{") != expr.count("}"):
                fail(f"panel {p.get('title')!r}: unbalanced brackets in {expr}"); bad += 1
    missing = METRICS - used
    if missing:
        fail(f"metrics without a panel: {sorted(missing)}"); bad += 1
    if not bad:
        ok(f"every query uses only the {len(METRICS)} Ringledger metrics, and each has a panel")
    prom = os.path.join(deploy, "prometheus", "prometheus.yml")
    try:
        with open(prom) as f:
            pc = yaml.safe_load(f)
        jobs = [j["job_name"] for j in pc["scrape_configs"]]
        ok(f"prometheus/prometheus.yml parses; jobs: {', '.join(jobs)}")
    except Exception as e:  # noqa: BLE001
        fail(f"prometheus/prometheus.yml: {e}")


# --------------------------------------------------------------------- citus --
def check_citus_parse(deploy):
    import pglast

    print("Citus script (parsed by pglast, PostgreSQL's own parser):")
    path = os.path.join(deploy, "citus", "distribute.sql")
    with open(path) as f:
        sql = f.read()
    # psql meta-commands (\set …) are not SQL.
    body = "\n".join(l for l in sql.splitlines() if not l.lstrip().startswith("\\"))
    try:
        stmts = pglast.parse_sql(body)
        ok(f"distribute.sql: {len(stmts)} SQL statements parse")
    except Exception as e:  # noqa: BLE001
        fail(f"distribute.sql does not parse: {e}")
        return
    try:
        m = re.search(r"DO \$distribute\$(.*)\$distribute\$;", sql, re.S)
        pglast.parse_plpgsql(
            "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $x$" + m.group(1) + "$x$;")
        ok("distribute.sql: the PL/pgSQL block parses")
    except Exception as e:  # noqa: BLE001
        fail(f"distribute.sql: PL/pgSQL block does not parse: {e}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--deploy-dir", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--only", choices=["k8s", "compose", "grafana", "citus"], action="append")
    a = ap.parse_args()
    only = set(a.only or ["k8s", "compose", "grafana", "citus"])
    if "k8s" in only:
        check_manifests(a.deploy_dir)
    if "compose" in only:
        check_compose(a.deploy_dir)
    if "grafana" in only:
        check_grafana(a.deploy_dir)
    if "citus" in only:
        check_citus_parse(a.deploy_dir)
    if failures:
        print(f"{len(failures)} problem(s) found")
        sys.exit(1)


if __name__ == "__main__":
    main()
