/// The store's schema, as the ordered list of migrations that builds it.
///
/// Tables (every time is UTC text `YYYY-MM-DD HH:MM:SS.SSS`):
/// - `sessions(id, started_at, ended_at, pid, host, argv JSON, version, process_token)` — one per program run;
///   `ended_at` NULL means still running or crashed. `process_token` (boot id + start time) guards against pid reuse.
/// - `cells(id, session_id, seq, source, verb, bound_name, status, error, started_at, finished_at, wall_seconds,
///   cpu_seconds)` — one per command; `status` is running / ok / error / interrupted. A cell is inserted
///   `running` (committed) before its work starts.
/// - `params(id, cell_id, key, value, type, defaulted)` — every resolved argument, defaults and seeds included.
/// - `objects(id, name, kind, cell_id, provenance JSON, digest, payload, created_at)` — `kind` is
///   model / text / calib / mask / result; a name can be rebound: old rows stay, the current binding is the
///   row with the largest id; `payload` is the SHA-256 of a file in the payload folder, or NULL.
/// - `inputs(id, cell_id, object_id, role)` — lineage: which objects a cell used, in which role.
/// - `metrics(id, object_id, cell_id, key, value REAL, layer INTEGER NULL, dataset TEXT NULL)` — measurements
///   on an object; `layer` NULL = the whole object.
///
/// Views:
/// - `history` — cells in order with status and timing.
/// - `latest_objects` — the current binding of every name, with the verb and source that produced it.
/// - `run_objects(run_id, mask_id, object_id)` — for every mask: the mask itself and each model built from it
///   (a model produced by a cell that took the mask as an input, e.g. `p = apply m k`).
/// - `run_metrics(run_id, mask, mask_id, object_id, object, kind, key, value, layer, dataset, metric_cell_id,
///   metric_id)` — long form: every metric measured on a run's mask or on a model built from it.
/// - `calib_lineage(calib_id, object_id, depth)` — every calib and text object up the lineage of each calib
///   (through calib objects only; depth 0 is the calib itself).
/// - `runs` — one row per mask-producing cell (prune): `run_id, session_id, status, mask, mask_id, model,
///   method, pattern, sparsity, seed, calib, calib_source, calib_origin, pruned_model, ppl, ppl_dataset,
///   base_ppl, avg_acc, wall_seconds, started_at`. `model`/`calib`: the cell's first input of that kind;
///   `method`, `pattern`, `seed`: its params; `sparsity`: the latest whole-object `sparsity` metric on the mask
///   (or a model built from it), else the
///   `sparsity` param, else derived from `pattern` (n:m → n/m, a number → itself); `calib_source`: the nearest
///   text object up the calib's lineage; `calib_origin`: the verb that first made calibration data from it
///   (`sample` or `generate`); `pruned_model`: the latest model built from the mask; `ppl`/`ppl_dataset`: the
///   latest whole-model `ppl` metric on the mask or a model built from it; `base_ppl`: the latest `ppl` of the
///   input model on the same dataset; `avg_acc`: the latest `avg_acc` metric, else the mean of the latest
///   `acc` per task.
enum Schema {
    /// Every migration this build knows, oldest first. Never edit a released one: append a new one.
    static let migrations: [Migration] = [
        Migration(name: "v1 tables, indices and views", sql: v1)
    ]

    static let v1 = """
        CREATE TABLE sessions (
            id            INTEGER PRIMARY KEY,
            started_at    TEXT NOT NULL,
            ended_at      TEXT,
            pid           INTEGER NOT NULL,
            host          TEXT NOT NULL,
            argv          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(argv)),
            version       TEXT,
            process_token TEXT
        );

        CREATE TABLE cells (
            id           INTEGER PRIMARY KEY,
            session_id   INTEGER NOT NULL REFERENCES sessions(id),
            seq          INTEGER NOT NULL,
            source       TEXT NOT NULL,
            verb         TEXT NOT NULL,
            bound_name   TEXT,
            status       TEXT NOT NULL DEFAULT 'running'
                         CHECK (status IN ('running', 'ok', 'error', 'interrupted')),
            error        TEXT,
            started_at   TEXT NOT NULL,
            finished_at  TEXT,
            wall_seconds REAL,
            cpu_seconds  REAL,
            UNIQUE (session_id, seq)
        );
        CREATE INDEX cells_running ON cells(session_id) WHERE status = 'running';
        CREATE INDEX cells_verb ON cells(verb);

        CREATE TABLE params (
            id        INTEGER PRIMARY KEY,
            cell_id   INTEGER NOT NULL REFERENCES cells(id),
            key       TEXT NOT NULL,
            value     TEXT,
            type      TEXT NOT NULL,
            defaulted INTEGER NOT NULL DEFAULT 0 CHECK (defaulted IN (0, 1)),
            UNIQUE (cell_id, key)
        );
        CREATE INDEX params_key ON params(key, value);

        CREATE TABLE objects (
            id         INTEGER PRIMARY KEY,
            name       TEXT,
            kind       TEXT NOT NULL CHECK (kind IN ('model', 'text', 'calib', 'mask', 'result')),
            cell_id    INTEGER REFERENCES cells(id),
            provenance TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(provenance)),
            digest     TEXT,
            payload    TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX objects_name ON objects(name, id);
        CREATE INDEX objects_kind ON objects(kind, id);
        CREATE INDEX objects_cell ON objects(cell_id);
        CREATE INDEX objects_digest ON objects(digest);

        CREATE TABLE inputs (
            id        INTEGER PRIMARY KEY,
            cell_id   INTEGER NOT NULL REFERENCES cells(id),
            object_id INTEGER NOT NULL REFERENCES objects(id),
            role      TEXT NOT NULL,
            UNIQUE (cell_id, role, object_id)
        );
        CREATE INDEX inputs_object ON inputs(object_id);

        CREATE TABLE metrics (
            id        INTEGER PRIMARY KEY,
            object_id INTEGER NOT NULL REFERENCES objects(id),
            cell_id   INTEGER REFERENCES cells(id),
            key       TEXT NOT NULL,
            value     REAL,
            layer     INTEGER,
            dataset   TEXT
        );
        CREATE INDEX metrics_object ON metrics(object_id, key);
        CREATE INDEX metrics_cell ON metrics(cell_id);
        CREATE INDEX metrics_key ON metrics(key, dataset);

        CREATE VIEW history AS
        SELECT c.id AS cell_id, c.session_id, c.seq, c.source, c.verb, c.bound_name, c.status, c.error,
               c.started_at, c.finished_at, c.wall_seconds, c.cpu_seconds
        FROM cells c
        ORDER BY c.id;

        CREATE VIEW latest_objects AS
        SELECT o.name, o.id, o.kind, o.cell_id, c.verb, c.source, o.provenance, o.digest, o.payload, o.created_at
        FROM objects o
        LEFT JOIN cells c ON c.id = o.cell_id
        WHERE o.name IS NOT NULL
          AND o.id = (SELECT max(o2.id) FROM objects o2 WHERE o2.name = o.name)
        ORDER BY o.name;

        CREATE VIEW run_objects AS
        SELECT k.cell_id AS run_id, k.id AS mask_id, k.id AS object_id
        FROM objects k
        WHERE k.kind = 'mask'
        UNION
        SELECT k.cell_id, k.id, o.id
        FROM objects k
        JOIN inputs i ON i.object_id = k.id
        JOIN objects o ON o.cell_id = i.cell_id AND o.kind = 'model'
        WHERE k.kind = 'mask';

        CREATE VIEW run_metrics AS
        SELECT ro.run_id, k.name AS mask, ro.mask_id, ro.object_id, o.name AS object, o.kind,
               m.key, m.value, m.layer, m.dataset, m.cell_id AS metric_cell_id, m.id AS metric_id
        FROM run_objects ro
        JOIN objects k ON k.id = ro.mask_id
        JOIN objects o ON o.id = ro.object_id
        JOIN metrics m ON m.object_id = ro.object_id;

        CREATE VIEW calib_lineage AS
        WITH RECURSIVE chain(calib_id, object_id, depth) AS (
            SELECT id, id, 0 FROM objects WHERE kind = 'calib'
            UNION
            SELECT chain.calib_id, o.id, chain.depth + 1
            FROM chain
            JOIN objects x ON x.id = chain.object_id AND x.kind = 'calib'
            JOIN inputs i ON i.cell_id = x.cell_id
            JOIN objects o ON o.id = i.object_id AND o.kind IN ('calib', 'text')
            WHERE chain.depth < 64
        )
        SELECT calib_id, object_id, depth FROM chain;

        CREATE VIEW runs AS
        WITH
        lineage AS MATERIALIZED (SELECT calib_id, object_id, depth FROM calib_lineage),
        calib_sources AS MATERIALIZED (
            SELECT calib_id, name FROM (
                SELECT l.calib_id, t.name,
                       row_number() OVER (PARTITION BY l.calib_id ORDER BY l.depth, t.id) AS rank
                FROM lineage l JOIN objects t ON t.id = l.object_id AND t.kind = 'text')
            WHERE rank = 1
        ),
        calib_origins AS MATERIALIZED (
            SELECT calib_id, verb FROM (
                SELECT l.calib_id, c.verb,
                       row_number() OVER (PARTITION BY l.calib_id ORDER BY l.depth DESC, o.id) AS rank
                FROM lineage l
                JOIN objects o ON o.id = l.object_id AND o.kind = 'calib'
                JOIN cells c ON c.id = o.cell_id)
            WHERE rank = 1
        ),
        results AS MATERIALIZED (SELECT mask_id, object_id FROM run_objects),
        pruned_models AS MATERIALIZED (
            SELECT r.mask_id, max(r.object_id) AS model_id
            FROM results r JOIN objects o ON o.id = r.object_id AND o.kind = 'model'
            GROUP BY r.mask_id
        ),
        whole_metrics AS MATERIALIZED (
            SELECT r.mask_id, m.id AS metric_id, m.key, m.value, m.dataset,
                   row_number() OVER (PARTITION BY r.mask_id, m.key ORDER BY m.id DESC) AS latest_of_key,
                   row_number() OVER (PARTITION BY r.mask_id, m.key, m.dataset ORDER BY m.id DESC) AS latest_of_dataset
            FROM results r JOIN metrics m ON m.object_id = r.object_id AND m.layer IS NULL
            WHERE m.key IN ('sparsity', 'ppl', 'avg_acc', 'acc')
        ),
        summary AS MATERIALIZED (
            SELECT mask_id,
                   max(CASE WHEN key = 'sparsity' AND latest_of_key = 1 THEN value END) AS sparsity,
                   max(CASE WHEN key = 'ppl' AND latest_of_key = 1 THEN metric_id END) AS ppl_metric_id,
                   max(CASE WHEN key = 'avg_acc' AND latest_of_key = 1 THEN value END) AS avg_acc,
                   avg(CASE WHEN key = 'acc' AND latest_of_dataset = 1 THEN value END) AS mean_acc
            FROM whole_metrics
            GROUP BY mask_id
        ),
        base AS MATERIALIZED (
            SELECT c.id AS run_id, c.session_id, c.status, c.wall_seconds, c.started_at,
                   k.id AS mask_id, k.name AS mask,
                   (SELECT i.object_id FROM inputs i JOIN objects o ON o.id = i.object_id
                     WHERE i.cell_id = c.id AND o.kind = 'model' ORDER BY i.id LIMIT 1) AS model_id,
                   (SELECT i.object_id FROM inputs i JOIN objects o ON o.id = i.object_id
                     WHERE i.cell_id = c.id AND o.kind = 'calib' ORDER BY i.id LIMIT 1) AS calib_id,
                   (SELECT p.value FROM params p WHERE p.cell_id = c.id AND p.key = 'method') AS method,
                   (SELECT p.value FROM params p WHERE p.cell_id = c.id AND p.key = 'pattern') AS pattern,
                   (SELECT p.value FROM params p WHERE p.cell_id = c.id AND p.key = 'sparsity') AS sparsity_param,
                   (SELECT p.value FROM params p WHERE p.cell_id = c.id AND p.key = 'seed') AS seed
            FROM objects k
            JOIN cells c ON c.id = k.cell_id
            WHERE k.kind = 'mask'
        )
        SELECT
            b.run_id,
            b.session_id,
            b.status,
            b.mask,
            b.mask_id,
            mo.name AS model,
            b.method,
            b.pattern,
            COALESCE(
                s.sparsity,
                CAST(b.sparsity_param AS REAL),
                CASE WHEN instr(b.pattern, ':') > 0
                     THEN CAST(substr(b.pattern, 1, instr(b.pattern, ':') - 1) AS REAL)
                          / CAST(substr(b.pattern, instr(b.pattern, ':') + 1) AS REAL)
                     ELSE CAST(b.pattern AS REAL) END
            ) AS sparsity,
            CAST(b.seed AS INTEGER) AS seed,
            co.name AS calib,
            cs.name AS calib_source,
            cg.verb AS calib_origin,
            po.name AS pruned_model,
            pm.value AS ppl,
            pm.dataset AS ppl_dataset,
            (SELECT m.value FROM metrics m
              WHERE m.object_id = b.model_id AND m.key = 'ppl' AND m.layer IS NULL AND m.dataset IS pm.dataset
              ORDER BY m.id DESC LIMIT 1) AS base_ppl,
            COALESCE(s.avg_acc, s.mean_acc) AS avg_acc,
            b.wall_seconds,
            b.started_at
        FROM base b
        LEFT JOIN objects mo ON mo.id = b.model_id
        LEFT JOIN objects co ON co.id = b.calib_id
        LEFT JOIN calib_sources cs ON cs.calib_id = b.calib_id
        LEFT JOIN calib_origins cg ON cg.calib_id = b.calib_id
        LEFT JOIN summary s ON s.mask_id = b.mask_id
        LEFT JOIN metrics pm ON pm.id = s.ppl_metric_id
        LEFT JOIN pruned_models pmo ON pmo.mask_id = b.mask_id
        LEFT JOIN objects po ON po.id = pmo.model_id
        ORDER BY b.run_id;
        """
}
