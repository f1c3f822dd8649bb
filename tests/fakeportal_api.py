"""The REST side of the fake Bitrix24 portal: state, parameters, methods.

tests/fakeportal.py serves it over HTTPS; this module knows nothing of
sockets.  Behaviour follows /work/shared/BITRIX24.md, quirks included.
"""

import base64
import binascii
import datetime
import json
import os
import re
import secrets
import threading
import time
import urllib.parse

PAGE = 50
BATCH_MAX = 50
MAX_BODY = 16 * 1024 * 1024
HERE = os.path.dirname(os.path.abspath(__file__))


class ApiError(Exception):
    """A REST error: answered as {"error", "error_description"}."""

    def __init__(self, status, code, description=""):
        super().__init__(code)
        self.status = status
        self.code = code
        self.description = description

    def body(self):
        return {"error": self.code, "error_description": self.description}


class ListResult:
    """A list method's answer: the page plus total and next."""

    def __init__(self, items, total, nxt):
        self.items, self.total, self.next = items, total, nxt


def not_found():
    return ApiError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")


# ---------------------------------------------------------------------------
# Parameters, parsed the way the PHP server does it.

def parse_php_query(text):
    """a=1&f[NAME]=x&D[]=1 -> nested dicts/lists of strings, as PHP does."""
    root = {}
    for part in text.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        key = urllib.parse.unquote_plus(key)
        value = urllib.parse.unquote_plus(value)
        m = re.match(r"^([^\[]+)((?:\[[^\]]*\])*)$", key)
        if not m:
            root[key] = value
            continue
        path = [m.group(1)] + re.findall(r"\[([^\]]*)\]", m.group(2))
        node = root
        for i, seg in enumerate(path):
            last = i == len(path) - 1
            if seg == "":
                ints = [int(k) for k in node if str(k).isdigit()]
                seg = str(max(ints) + 1 if ints else 0)
            if last:
                node[seg] = value
            else:
                if not isinstance(node.get(seg), dict):
                    node[seg] = {}
                node = node[seg]
    return _php_lists(root)


def _php_lists(node):
    """PHP arrays keyed 0..n-1 come out of json_encode as lists."""
    if not isinstance(node, dict):
        return node
    node = {k: _php_lists(v) for k, v in node.items()}
    if node and list(node) == [str(i) for i in range(len(node))]:
        return list(node.values())
    return node


def parse_params(query, body, content_type, http_method):
    """Query plus body; a body that fails to parse counts as empty."""
    params = parse_php_query(query)
    if http_method != "POST" or not body:
        return params
    if "application/json" in content_type:
        try:
            data = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            data = None
        if isinstance(data, dict):
            params.update(data)
        return params
    if "multipart/form-data" in content_type:
        return params
    params.update(parse_php_query(body.decode("utf-8", "replace")))
    return params


def truthy(v):
    """PHP's idea of truth, for flags like halt and ADMIN_MODE."""
    if isinstance(v, str):
        return v not in ("", "0")
    return bool(v)


def loose_active(v):
    """user.update's ACTIVE rule: truthy and != 'N' with PHP loose compare.

    A JSON true compares equal to any non-empty string, so it dismisses.
    """
    if v is True or not truthy(v):
        return False
    if isinstance(v, str):
        return v != "N"
    return True


def to_int(v, default=None):
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return default


def iso_now(ts=None):
    ts = time.time() if ts is None else ts
    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return dt.replace(microsecond=0).isoformat()


# ---------------------------------------------------------------------------
# Seed data: users, departments and custom fields live in seed-users.json;
# the field catalogue (what user.get shows, what user.update accepts) here.

FIELD_LABELS = {
    "ID": "ID", "XML_ID": "External ID", "ACTIVE": "Active",
    "NAME": "First name", "LAST_NAME": "Last name",
    "SECOND_NAME": "Middle name", "TITLE": "Title", "EMAIL": "E-mail",
    "LAST_LOGIN": "Last login", "DATE_REGISTER": "Registered on",
    "TIME_ZONE": "Time zone", "IS_ONLINE": "Online",
    "TIME_ZONE_OFFSET": "Time zone offset", "TIMESTAMP_X": "Modified on",
    "LAST_ACTIVITY_DATE": "Last activity", "PERSONAL_GENDER": "Gender",
    "PERSONAL_PROFESSION": "Profession", "PERSONAL_WWW": "Personal website",
    "PERSONAL_BIRTHDAY": "Date of birth", "PERSONAL_PHOTO": "Photo",
    "PERSONAL_ICQ": "ICQ", "PERSONAL_PHONE": "Personal phone",
    "PERSONAL_FAX": "Personal fax", "PERSONAL_MOBILE": "Mobile phone",
    "PERSONAL_PAGER": "Pager", "PERSONAL_STREET": "Street address",
    "PERSONAL_CITY": "City", "PERSONAL_STATE": "Region",
    "PERSONAL_ZIP": "ZIP", "PERSONAL_COUNTRY": "Country",
    "PERSONAL_MAILBOX": "Mailbox", "PERSONAL_NOTES": "Additional notes",
    "WORK_PHONE": "Company phone", "WORK_COMPANY": "Company",
    "WORK_POSITION": "Position", "WORK_DEPARTMENT": "Department name",
    "WORK_WWW": "Company website", "WORK_FAX": "Company fax",
    "WORK_PAGER": "Company pager", "WORK_STREET": "Company address",
    "WORK_MAILBOX": "Company mailbox", "WORK_CITY": "Company city",
    "WORK_STATE": "Company region", "WORK_ZIP": "Company ZIP",
    "WORK_COUNTRY": "Company country", "WORK_PROFILE": "Company profile",
    "WORK_LOGO": "Company logo", "WORK_NOTES": "Company notes",
    "UF_DEPARTMENT": "Departments", "UF_INTERESTS": "Interests",
    "UF_SKILLS": "Skills", "UF_WEB_SITES": "Other websites",
    "UF_XING": "Xing", "UF_LINKEDIN": "LinkedIn", "UF_FACEBOOK": "Facebook",
    "UF_TWITTER": "Twitter", "UF_SKYPE": "Skype", "UF_DISTRICT": "District",
    "UF_PHONE_INNER": "Extension number", "UF_SKYPE_LINK": "Skype chat",
    "UF_ZOOM": "Zoom", "UF_EMPLOYMENT_DATE": "Employment date",
    "USER_TYPE": "User type",
}
# What user.update writes; everything else is dropped without a word.
UPDATABLE = [k for k in FIELD_LABELS if k not in (
    "ID", "XML_ID", "TITLE", "LAST_LOGIN", "DATE_REGISTER", "TIME_ZONE",
    "IS_ONLINE", "TIME_ZONE_OFFSET", "TIMESTAMP_X", "LAST_ACTIVITY_DATE",
    "UF_EMPLOYMENT_DATE", "USER_TYPE")]


def load_seed(path=None):
    with open(path or os.path.join(HERE, "seed-users.json"),
              encoding="utf-8") as f:
        return json.load(f)


SEED = load_seed()
DEPARTMENTS = {d["ID"]: d for d in SEED["departments"]}
USERFIELDS = SEED["userfields"]


def blank_user(uid):
    """A record as user.get returns it: every field, empty or not."""
    u = {k: "" for k in FIELD_LABELS}
    u.update({f["FIELD_NAME"]: "" for f in USERFIELDS})
    u.update({"ID": str(uid), "ACTIVE": True, "IS_ONLINE": "N",
              "USER_TYPE": "employee", "UF_DEPARTMENT": [],
              "TIME_ZONE_OFFSET": "0",
              "LAST_LOGIN": "2026-11-30T09:00:00+03:00",
              "TIMESTAMP_X": "2026-11-01T12:00:00+03:00"})
    return u


def seed_users(extra=0):
    """The seed, plus EXTRA numbered users for paging tests (ID 1001...)."""
    out = []
    for s in SEED["users"]:
        u = blank_user(s["ID"])
        u.update(json.loads(json.dumps(s)))  # a deep copy
        out.append(u)
    for i in range(1001, 1001 + extra):
        u = blank_user(i)
        u.update({"NAME": "User", "LAST_NAME": "Number %d" % i,
                  "EMAIL": "user%d@acme.example" % i,
                  "WORK_POSITION": "Temp", "UF_DEPARTMENT": [3]})
        out.append(u)
    return out


# ---------------------------------------------------------------------------
# user.get filters: FIELD with an operator prefix, values maybe lists.

OPERATORS = ["!@", "!=%", "!%=", "=%", "%=", "!%", "!=", ">=", "<=",
             "@", ">", "<", "%", "=", "!"]
NOT_FILTER = {"START", "SORT", "ORDER", "ADMIN_MODE", "SELECT", "FILTER",
              "IMAGE_RESIZE", "AUTH", "ACCESS_TOKEN", "FIND"}


def _cmp_pair(a, b):
    ia, ib = to_int(a), to_int(b)
    if ia is not None and ib is not None:
        return (ia > ib) - (ia < ib)
    a, b = str(a).lower(), str(b).lower()
    return (a > b) - (a < b)


def _like(pattern, value):
    rx = ".*".join(re.escape(p) for p in str(pattern).lower().split("%"))
    return re.fullmatch(rx, str(value).lower(), re.S) is not None


def _match_one(op, want, have):
    if op in ("=", "@"):
        return _cmp_pair(have, want) == 0
    if op in ("!", "!=", "!@"):
        return _cmp_pair(have, want) != 0
    if op == "%":
        return str(want).lower() in str(have).lower()
    if op == "!%":
        return str(want).lower() not in str(have).lower()
    if op in ("=%", "%="):
        return _like(want, have)
    if op in ("!=%", "!%="):
        return not _like(want, have)
    c = _cmp_pair(have, want)
    return {">": c > 0, "<": c < 0, ">=": c >= 0, "<=": c <= 0}[op]


def _active_wanted(v):
    return v is True or (isinstance(v, (str, int)) and
                         str(v).upper() in ("Y", "1", "TRUE"))


def user_matches(user, key, value, departments):
    op = next((o for o in OPERATORS if key.startswith(o)), "=")
    field = key[len(op):] if key.startswith(op) else key
    field = field.upper()
    wants = value if isinstance(value, list) else [value]
    negative = op.startswith("!")
    if field == "ACTIVE":
        return (user["ACTIVE"] == _active_wanted(value)) != negative
    if field == "NAME_SEARCH":
        text = " ".join(user[f] for f in ("NAME", "LAST_NAME", "SECOND_NAME"))
        return any(str(w).lower() in text.lower() for w in wants)
    if field == "UF_DEPARTMENT_NAME":
        names = [departments[str(d)]["NAME"] for d in user["UF_DEPARTMENT"]
                 if str(d) in departments]
        return any(str(w).lower() in n.lower() for w in wants for n in names)
    if field not in user:
        return True
    haves = user[field] if isinstance(user[field], list) else [user[field]]
    if negative:
        return all(_match_one(op, w, h) for w in wants for h in haves)
    return any(_match_one(op, w, h) for w in wants for h in haves)


# ---------------------------------------------------------------------------
# The portal's state and its REST methods.

class Caller:
    """Who is calling: the user id, admin flag, and the budget identity."""

    def __init__(self, user_id, kind, ident):
        self.user_id, self.kind, self.ident = str(user_id), kind, ident


class Portal:
    def __init__(self, opts):
        self.opts = opts
        self.lock = threading.RLock()
        self.base_url = ""
        self.log_path = os.path.join(opts.dir, "requests.jsonl")
        self.reset()

    # -- state ------------------------------------------------------------
    def reset(self):
        o = self.opts
        with self.lock:
            self.users = {u["ID"]: u for u in seed_users(o.extra_users)}
            self.admins = {"1"}
            self.hooks = {"1": o.webhook_code, "2": o.webhook_code_user2}
            self.scope = ["department", "user", "user.userfield"]
            self.rate = {"on": not o.no_rate_limit, "size": o.rate,
                         "drain": o.drain, "level": 0.0,
                         "at": time.monotonic()}
            self.op = {"limit": o.op_limit, "window": o.op_window,
                       "cost": o.op_cost, "spent": {}}
            self.oauth = {"client_id": o.client_id,
                          "client_secret": o.client_secret,
                          "token_ttl": o.token_ttl, "code_ttl": 30,
                          "server_endpoint": o.server_endpoint}
            self.codes, self.access, self.refresh = {}, {}, {}
            self.faults = []
            self.stats = {"requests": 0, "rest": 0, "oauth": 0,
                          "refreshes": 0, "codes_redeemed": 0,
                          "rate_refused": 0, "updates": {}, "methods": {}}
            self.seq = 0
            self.json_unicode = o.raw_unicode

    def endpoint_defaults(self):
        if not self.oauth["server_endpoint"]:
            self.oauth["server_endpoint"] = self.base_url + "/rest/"

    # -- request log ------------------------------------------------------
    def log(self, entry):
        with self.lock:
            self.seq += 1
            entry = dict(seq=self.seq, time=round(time.time(), 3), **entry)
            line = json.dumps(entry, ensure_ascii=False) + "\n"
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line)

    # -- leaky bucket and time budget -------------------------------------
    def rate_check(self):
        """One unit per HTTP request; full bucket -> 503."""
        r = self.rate
        with self.lock:
            now = time.monotonic()
            r["level"] = max(0.0, r["level"] - (now - r["at"]) * r["drain"])
            r["at"] = now
            if r["on"] and r["level"] + 1 > r["size"]:
                self.stats["rate_refused"] += 1
                raise ApiError(503, "QUERY_LIMIT_EXCEEDED",
                               "Too many requests")
            r["level"] += 1

    def _spent(self, key):
        now = time.time()
        entries = [e for e in self.op["spent"].get(key, [])
                   if e[0] > now - self.op["window"]]
        self.op["spent"][key] = entries
        total = sum(c for _, c in entries)
        reset = int(entries[0][0] + self.op["window"]) if entries else \
            int(now + self.op["window"])
        return total, reset

    def budget_check(self, caller, method):
        with self.lock:
            spent, _ = self._spent((caller.ident, method))
            if spent > self.op["limit"]:
                raise ApiError(429, "OPERATION_TIME_LIMIT",
                               "Method is blocked due to operation time "
                               "limit.")

    def time_object(self, caller, method, start):
        """The `time` member; charges the call to the method's budget."""
        finish = time.time()
        with self.lock:
            key = (caller.ident, method)
            cost = self.op["cost"] or (finish - start)
            self.op["spent"].setdefault(key, []).append((finish, cost))
            spent, reset = self._spent(key)
        return {"start": round(start, 4), "finish": round(finish, 4),
                "duration": round(finish - start, 4),
                "processing": round(finish - start, 4),
                "date_start": iso_now(start), "date_finish": iso_now(finish),
                "operating_reset_at": reset, "operating": round(spent, 4)}

    # -- faults -----------------------------------------------------------
    def take_fault(self, method, kinds=None):
        """The first armed fault for this method; spends one shot of it."""
        with self.lock:
            for f in self.faults:
                if f["method"] and f["method"] != method:
                    continue
                if not f["method"] and method == "oauth.token":
                    continue
                if kinds and f["fault"] not in kinds:
                    continue
                if not f["forever"]:
                    f["count"] -= 1
                    if f["count"] <= 0:
                        self.faults.remove(f)
                return dict(f)
        return None

    # -- authentication ---------------------------------------------------
    def auth_webhook(self, uid, code):
        with self.lock:
            if not uid.isdigit() or self.hooks.get(uid) != code:
                raise ApiError(401, "INVALID_CREDENTIALS",
                               "Invalid request credentials")
            self._check_active(uid)
        return Caller(uid, "webhook", "hook:" + uid)

    def auth_token(self, token):
        if not token:
            raise ApiError(401, "NO_AUTH_FOUND", "Wrong authorization data")
        with self.lock:
            t = self.access.get(token)
            if t is None or t["revoked"]:
                raise ApiError(401, "invalid_token",
                               "Unable to get application by token")
            if t["expires"] <= time.time():
                raise ApiError(401, "expired_token",
                               "The access token provided has expired")
            self._check_active(t["user_id"])
            return Caller(t["user_id"], "token", "app:" + t["client_id"])

    def _check_active(self, uid):
        u = self.users.get(uid)
        if u is None or not u["ACTIVE"]:
            raise ApiError(401, "authorization_error",
                           "Unable to authorize user")

    # -- dispatch ---------------------------------------------------------
    def call(self, caller, method, params, in_batch=False):
        """Run one method; returns (result-or-ListResult, time object)."""
        start = time.time()
        handler = METHODS.get(method)
        if handler is None:
            raise not_found()
        if method == "batch" and in_batch:
            raise ApiError(405, "ERROR_BATCH_METHOD_NOT_ALLOWED",
                           "Method is not allowed for batch usage")
        need = SCOPES.get(method)
        if need and not (set(need) & set(self.scope)):
            raise ApiError(401, "insufficient_scope",
                           "The request requires higher privileges than "
                           "provided by the webhook token")
        if in_batch and self.take_fault(method, {"operation-limit"}):
            raise ApiError(429, "OPERATION_TIME_LIMIT",
                           "Method is blocked due to operation time limit.")
        self.budget_check(caller, method)
        with self.lock:
            self.stats["methods"][method] = \
                self.stats["methods"].get(method, 0) + 1
            result = handler(self, caller, params)
        return result, self.time_object(caller, method, start)

    def envelope(self, caller, method, params):
        result, tm = self.call(caller, method, params)
        if isinstance(result, ListResult):
            out = {"result": result.items}
            if result.next is not None:
                out["next"] = result.next
            if result.total is not None:
                out["total"] = result.total
        else:
            out = {"result": result}
        out["time"] = tm
        return out

    # -- users ------------------------------------------------------------
    def is_admin(self, caller):
        return caller.user_id in self.admins

    def public_user(self, u, select=None):
        out = {k: v for k, v in u.items() if v is not None}
        if select:
            keep = {s.upper() for s in select}
            if "*" not in keep:
                out = {k: v for k, v in out.items()
                       if k in keep or k == "ID" or
                       ("UF_*" in keep and k.startswith("UF_"))}
        return json.loads(json.dumps(out))

    def find_users(self, params, search):
        p = {str(k).upper(): v for k, v in params.items()}
        filt = p.get("FILTER")
        if isinstance(filt, dict):
            p = {str(k).upper(): v for k, v in filt.items()}
            p.update({k: v for k, v in params.items()
                      if str(k).upper() in ("START", "SORT", "ORDER")})
            p = {str(k).upper(): v for k, v in p.items()}
        conds = {k: v for k, v in p.items() if k not in NOT_FILTER}
        find = p.get("FIND") if search else None
        users = [u for u in self.users.values()
                 if all(user_matches(u, k, v, DEPARTMENTS)
                        for k, v in conds.items())]
        if find:
            users = [u for u in self.users.values()
                     if self._find_hit(u, str(find))]
        sort, order = p.get("SORT"), p.get("ORDER")
        key = (lambda u: to_int(u["ID"], 0))
        reverse = False
        if sort and order and str(sort).upper() in FIELD_LABELS:
            f = str(sort).upper()
            key = (lambda u: (to_int(u.get(f)) if f == "ID"
                              else str(u.get(f, "")).lower()))
            reverse = str(order).upper() == "DESC"
        users.sort(key=key, reverse=reverse)
        return users, p

    def _find_hit(self, u, find):
        deps = [DEPARTMENTS.get(str(d), {}).get("NAME", "")
                for d in u["UF_DEPARTMENT"]]
        hay = [u["NAME"], u["LAST_NAME"], u["SECOND_NAME"],
               u["WORK_POSITION"]] + deps
        return any(find.lower() in h.lower() for h in hay)


def paged(items, params):
    start = to_int(params.get("START", params.get("start", 0)), 0)
    if start == -1:
        return ListResult(items[:PAGE], None, None)
    start = max(start, 0)
    page = items[start:start + PAGE]
    nxt = start + PAGE if start + PAGE < len(items) else None
    return ListResult(page, len(items), nxt)


def m_user_get(portal, caller, params, search=False):
    users, p = portal.find_users(params, search)
    select = p.get("SELECT") or params.get("select")
    if isinstance(select, dict):
        select = list(select.values())
    res = paged(users, p)
    res.items = [portal.public_user(u, select if isinstance(select, list)
                                    else None) for u in res.items]
    return res


def m_user_search(portal, caller, params):
    return m_user_get(portal, caller, params, search=True)


def m_user_current(portal, caller, params):
    return portal.public_user(portal.users[caller.user_id])


def m_profile(portal, caller, params):
    u = portal.users[caller.user_id]
    out = {"ID": u["ID"], "ADMIN": portal.is_admin(caller),
           "NAME": u["NAME"], "LAST_NAME": u["LAST_NAME"],
           "PERSONAL_GENDER": u["PERSONAL_GENDER"], "TIME_ZONE": ""}
    if u.get("PERSONAL_PHOTO"):
        out["PERSONAL_PHOTO"] = u["PERSONAL_PHOTO"]
    return out


def m_user_fields(portal, caller, params):
    return dict(FIELD_LABELS)


def m_userfield_list(portal, caller, params):
    return [dict(f) for f in USERFIELDS]


EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def _clean_departments(v):
    if v in ("", None, []):
        return []
    vals = v if isinstance(v, list) else \
        list(v.values()) if isinstance(v, dict) else [v]
    return [to_int(x, 0) for x in vals]


def _photo(v, uid):
    """A photo value; anything unusable deletes the photo, as on the server."""
    data = v[1] if isinstance(v, list) and len(v) > 1 else v
    try:
        if not isinstance(data, str) or not data or data == "false":
            return ""
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return ""
    return "/upload/photo-%s-%d.jpg" % (uid, int(time.time() * 1000))


def _birthday(v):
    if v in ("", None):
        return ""
    try:
        d = datetime.date.fromisoformat(str(v)[:10])
    except ValueError:
        raise ApiError(400, "ERROR_CORE", "Incorrect date of birth.<br>")
    return d.isoformat() + "T03:00:00+03:00"


def m_user_update(portal, caller, params):
    p = {str(k).upper(): v for k, v in params.items()}
    uid = to_int(p.get("ID"), 0)
    if uid <= 0:
        raise ApiError(400, "ERROR_CORE", "access_denied")
    admin = portal.is_admin(caller)
    if not admin and str(uid) != caller.user_id:
        raise ApiError(400, "ERROR_CORE", "access_denied")
    user = portal.users.get(str(uid))
    if user is None:
        raise ApiError(400, "ERROR_CORE", "")
    allowed = set(UPDATABLE) | {f["FIELD_NAME"] for f in USERFIELDS}
    if not admin:
        allowed -= {"ACTIVE", "UF_DEPARTMENT"}
    change = {k: v for k, v in p.items() if k in allowed}
    email = change.get("EMAIL")
    if email not in (None, "") and not EMAIL_RE.match(str(email)):
        raise ApiError(400, "ERROR_CORE", "Incorrect E-Mail<br>")
    for k, v in change.items():
        if k == "ACTIVE":
            v = loose_active(v)
        elif k == "UF_DEPARTMENT":
            v = _clean_departments(v)
        elif k == "PERSONAL_PHOTO":
            v = _photo(v, uid)
        elif k == "PERSONAL_BIRTHDAY":
            v = _birthday(v)
        elif v is None or v is False:
            v = ""
        elif not isinstance(v, str):
            v = json.dumps(v) if isinstance(v, (list, dict)) else str(v)
        change[k] = v
    user.update(change)
    user["TIMESTAMP_X"] = iso_now()
    upd = portal.stats["updates"]
    upd[str(uid)] = upd.get(str(uid), 0) + 1
    return True


def m_department_get(portal, caller, params):
    p = {str(k).upper(): v for k, v in params.items()}
    deps = sorted(DEPARTMENTS.values(), key=lambda d: to_int(d["ID"]))
    for key in ("ID", "PARENT", "UF_HEAD"):
        if key in p:
            deps = [d for d in deps if str(d[key]) == str(p[key])]
    if "NAME" in p:
        deps = [d for d in deps if str(p["NAME"]).lower() in
                d["NAME"].lower()]
    return paged([dict(d) for d in deps], p)


def m_scope(portal, caller, params):
    if truthy(params.get("full")):
        return sorted(set(portal.scope) | {"crm", "task", "im"})
    return list(portal.scope)


def m_method_get(portal, caller, params):
    name = str(params.get("name", "")).lower()
    exists = name in METHODS
    need = SCOPES.get(name)
    return {"isExisting": exists,
            "isAvailable": exists and (not need or
                                       bool(set(need) & set(portal.scope)))}


def m_server_time(portal, caller, params):
    return iso_now()


BATCH_REF = re.compile(r"\$result\[([^\]]+)\]((?:\[[^\]]*\])*)")


def _resolve_refs(query, results):
    """$result[key][field] in a sub-command, taken from earlier answers."""
    def sub(m):
        node = results.get(m.group(1))
        for seg in re.findall(r"\[([^\]]*)\]", m.group(2)):
            if isinstance(node, list) and seg.isdigit() and \
                    int(seg) < len(node):
                node = node[int(seg)]
            elif isinstance(node, dict):
                node = node.get(seg)
            else:
                node = None
        return urllib.parse.quote(str(node if node is not None else ""))
    return BATCH_REF.sub(sub, query)


def _php_array(d):
    """Empty members of a batch answer are PHP's empty array: []."""
    return d if d else []


def m_batch(portal, caller, params):
    cmd = params.get("cmd")
    if isinstance(cmd, list):
        cmd = {str(i): v for i, v in enumerate(cmd)}
    if not isinstance(cmd, dict):
        cmd = {}
    halt = truthy(params.get("halt", False))
    out = {"result": {}, "result_error": {}, "result_total": {},
           "result_next": {}, "result_time": {}}
    for n, (key, line) in enumerate(cmd.items()):
        method, _, query = str(line).partition("?")
        method = method.strip().lower()
        try:
            if n >= BATCH_MAX:
                raise ApiError(400, "ERROR_BATCH_LENGTH_EXCEEDED",
                               "Max batch length exceeded")
            sub = parse_php_query(_resolve_refs(query, out["result"]))
            res, tm = portal.call(caller, method, sub, in_batch=True)
        except ApiError as e:
            out["result_error"][key] = e.body()
            if halt:
                break
            continue
        if isinstance(res, ListResult):
            if res.total is not None:
                out["result_total"][key] = res.total
            if res.next is not None:
                out["result_next"][key] = res.next
            res = res.items
        out["result"][key] = res
        out["result_time"][key] = tm
    if isinstance(params.get("cmd"), list):
        n = len(params["cmd"])
        for k in ("result", "result_time"):
            if list(out[k]) == [str(i) for i in range(n)]:
                out[k] = list(out[k].values())
    return {k: _php_array(v) for k, v in out.items()}


METHODS = {
    "profile": m_profile, "user.current": m_user_current,
    "user.get": m_user_get, "user.search": m_user_search,
    "user.fields": m_user_fields, "user.userfield.list": m_userfield_list,
    "user.update": m_user_update, "batch": m_batch,
    "method.get": m_method_get, "scope": m_scope,
    "server.time": m_server_time, "department.get": m_department_get,
}
SCOPES = {
    "user.current": ["user"], "user.get": ["user"],
    "user.search": ["user"], "user.fields": ["user"],
    "user.update": ["user"], "department.get": ["department"],
    "user.userfield.list": ["user", "user.userfield"],
}


# ---------------------------------------------------------------------------
# The authorization server (/oauth/token/): codes, rotating refresh tokens.

class OAuthError(Exception):
    def __init__(self, status, code, description):
        super().__init__(code)
        self.status, self.code, self.description = status, code, description

    def body(self):
        return {"error": self.code, "error_description": self.description}


def new_token():
    return secrets.token_hex(35)  # 70 hex digits, like current tokens


def issue_pair(portal, user_id, ttl=None, refresh_ttl=28 * 86400):
    """A fresh access/refresh pair; the refresh remembers its access."""
    o = portal.oauth
    ttl = o["token_ttl"] if ttl is None else ttl
    now = time.time()
    access, refresh = new_token(), new_token()
    portal.access[access] = {"user_id": str(user_id), "revoked": False,
                             "expires": now + ttl,
                             "client_id": o["client_id"]}
    portal.refresh[refresh] = {"user_id": str(user_id), "access": access,
                               "used": False, "expires": now + refresh_ttl}
    endpoint = o["server_endpoint"]
    return {"access_token": access, "refresh_token": refresh,
            "expires_in": int(ttl), "expires": int(now + ttl),
            "client_endpoint": portal.base_url + "/rest/",
            "server_endpoint": endpoint,
            "domain": urllib.parse.urlsplit(endpoint).netloc,
            "member_id": "0123456789abcdef0123456789abcdef",
            "scope": ",".join(portal.scope), "status": "L",
            "user_id": int(user_id)}


def new_code(portal, user_id, ttl=None):
    code = secrets.token_hex(16)
    ttl = portal.oauth["code_ttl"] if ttl is None else ttl
    portal.codes[code] = {"user_id": str(user_id), "used": False,
                          "expires": time.time() + ttl}
    return code


def token_endpoint(portal, params):
    """grant_type=authorization_code|refresh_token -> a new pair."""
    o = portal.oauth
    grant = params.get("grant_type")
    if grant not in ("authorization_code", "refresh_token"):
        raise OAuthError(400, "invalid_request", "Invalid grant_type")
    if params.get("client_id") != o["client_id"] or \
            params.get("client_secret") != o["client_secret"]:
        raise OAuthError(401, "invalid_client", "Invalid client")
    with portal.lock:
        if grant == "authorization_code":
            c = portal.codes.get(str(params.get("code", "")))
            if not c or c["used"] or c["expires"] <= time.time():
                raise OAuthError(400, "invalid_grant",
                                 "Invalid authorization code")
            c["used"] = True
            portal.stats["codes_redeemed"] += 1
            return issue_pair(portal, c["user_id"])
        r = portal.refresh.get(str(params.get("refresh_token", "")))
        if not r or r["used"] or r["expires"] <= time.time():
            raise OAuthError(400, "invalid_grant", "Invalid refresh token")
        # Single use: the spent refresh token and its access token die.
        r["used"] = True
        if r["access"] in portal.access:
            portal.access[r["access"]]["revoked"] = True
        portal.stats["refreshes"] += 1
        return issue_pair(portal, r["user_id"])
