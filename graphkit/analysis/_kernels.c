/*
 * graphkit.analysis._kernels: the compiled loops behind centrality and reach.
 *
 * Each function takes NumPy arrays (anything with the buffer protocol: C-contiguous,
 * one dimension, the dtype named in its docstring), checks them, releases the GIL and
 * runs plain C99. Python threads therefore run these on every core at once; which share
 * of the work a thread takes is decided in Python (graphkit/analysis/centrality.py and
 * reach.py), and every result is independent of that split.
 *
 * Shortest paths (Brandes 2001): one Dijkstra per source gives the distances closeness
 * and harmonic centrality need, the path counts and, walking the settled vertices
 * backwards, each one's dependency (betweenness). "v precedes w" is decided by
 * dist[v] + length == dist[w], compared exactly in the floating-point operation NetworkX
 * performs, so the sums are NetworkX's. That is why this file must be compiled without
 * floating-point contraction (setup.py: -ffp-contract=off): a fused multiply-add would
 * round differently from NetworkX.
 *
 * The graph is CSR: ptr (int64, n + 1), idx (int32 heads), len (float64 lengths), for the
 * arcs leaving each vertex ("out") and entering it ("in"; the same arrays when
 * undirected).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define UNSEEN (-1)
#define SETTLED (-2)
#define MEET_TOLERANCE 1e-10

/* ---------------------------------------------------------------------------------------
 * Arguments: one-dimensional C-contiguous buffers of a given element type.
 */

typedef enum { F64, I64, I32, U8 } Kind;

static const char *kind_name(Kind kind) {
    switch (kind) {
    case F64: return "float64";
    case I64: return "int64";
    case I32: return "int32";
    default: return "uint8 or bool";
    }
}

static int format_matches(const char *format, Kind kind, Py_ssize_t itemsize) {
    const char *f = format ? format : "B";
    if (*f == '@' || *f == '=' || *f == '<' || *f == '|') {
        f++;
    }
    if (f[0] == '\0' || f[1] != '\0') {
        return 0;
    }
    switch (kind) {
    case F64: return *f == 'd' && itemsize == 8;
    case I64: return strchr("lqn", *f) != NULL && itemsize == 8;
    case I32: return strchr("il", *f) != NULL && itemsize == 4;
    case U8: return strchr("B?b", *f) != NULL && itemsize == 1;
    }
    return 0;
}

/* Fills view from obj; on error sets a Python exception naming the argument. */
static int take(PyObject *obj, Py_buffer *view, Kind kind, int writable, const char *name) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a%s contiguous %s array", name,
                     writable ? " writable" : "", kind_name(kind));
        return -1;
    }
    if (view->ndim > 1 || !format_matches(view->format, kind, view->itemsize)) {
        PyErr_Format(PyExc_TypeError, "%s must be a one-dimensional %s array", name,
                     kind_name(kind));
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static Py_ssize_t length_of(const Py_buffer *view) { return view->len / view->itemsize; }

#define MAX_ARGS 16

typedef struct {
    Py_buffer views[MAX_ARGS];
    int count;
} Held;

static void release(Held *held) {
    for (int i = 0; i < held->count; i++) {
        PyBuffer_Release(&held->views[i]);
    }
    held->count = 0;
}

static void *hold(Held *held, PyObject *obj, Kind kind, int writable, const char *name,
                  Py_ssize_t *length) {
    Py_buffer *view = &held->views[held->count];
    if (take(obj, view, kind, writable, name) != 0) {
        return NULL;
    }
    held->count++;
    if (length) {
        *length = length_of(view);
    }
    return view->buf;
}

/* A CSR graph from three buffers, checked so that no loop can index outside them. */
typedef struct {
    const int64_t *ptr;
    const int32_t *idx;
    const double *len;
    Py_ssize_t n;
} Csr;

static int take_csr(Held *held, PyObject *ptr, PyObject *idx, PyObject *len, const char *side,
                    Csr *csr) {
    Py_ssize_t n_ptr, n_idx, n_len;
    char name[32];
    snprintf(name, sizeof name, "%s_ptr", side);
    csr->ptr = hold(held, ptr, I64, 0, name, &n_ptr);
    if (!csr->ptr) return -1;
    snprintf(name, sizeof name, "%s_idx", side);
    csr->idx = hold(held, idx, I32, 0, name, &n_idx);
    if (!csr->idx) return -1;
    if (len != NULL) {
        snprintf(name, sizeof name, "%s_len", side);
        csr->len = hold(held, len, F64, 0, name, &n_len);
        if (!csr->len) return -1;
        if (n_len != n_idx) {
            PyErr_Format(PyExc_ValueError, "%s_len and %s_idx differ in length", side, side);
            return -1;
        }
    } else {
        csr->len = NULL;
    }
    if (n_ptr < 1 || csr->ptr[0] != 0 || csr->ptr[n_ptr - 1] != n_idx) {
        PyErr_Format(PyExc_ValueError, "%s_ptr must run from 0 to the number of arcs", side);
        return -1;
    }
    csr->n = n_ptr - 1;
    for (Py_ssize_t v = 0; v < csr->n; v++) {
        if (csr->ptr[v + 1] < csr->ptr[v]) {
            PyErr_Format(PyExc_ValueError, "%s_ptr must not decrease", side);
            return -1;
        }
    }
    for (Py_ssize_t e = 0; e < n_idx; e++) {
        if (csr->idx[e] < 0 || csr->idx[e] >= csr->n) {
            PyErr_Format(PyExc_ValueError, "%s_idx holds a vertex outside 0..n-1", side);
            return -1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * A 4-ary heap keyed by distance; each entry keeps its key beside it (measured faster
 * than looking keys up in dist[]), and pos[v] says where v sits (UNSEEN, SETTLED, or a
 * slot).
 */

static inline void sift_up(double *hk, int32_t *hv, int32_t *pos, int64_t i, double k, int32_t v) {
    while (i > 0) {
        int64_t p = (i - 1) >> 2;
        double kp = hk[p];
        if (kp <= k) break;
        int32_t u = hv[p];
        hk[i] = kp;
        hv[i] = u;
        pos[u] = (int32_t)i;
        i = p;
    }
    hk[i] = k;
    hv[i] = v;
    pos[v] = (int32_t)i;
}

/* Moves entry `size` (just past the new end) to the root and restores the heap. */
static inline void sift_down_last(double *hk, int32_t *hv, int32_t *pos, int64_t size) {
    double k = hk[size];
    int32_t v = hv[size];
    int64_t i = 0;
    for (;;) {
        int64_t c = 4 * i + 1;
        if (c >= size) break;
        double kc = hk[c];
        int64_t end = c + 4 < size ? c + 4 : size;
        for (int64_t j = c + 1; j < end; j++) {
            double kj = hk[j];
            if (kj < kc) {
                c = j;
                kc = kj;
            }
        }
        if (kc >= k) break;
        int32_t u = hv[c];
        hk[i] = kc;
        hv[i] = u;
        pos[u] = (int32_t)i;
        i = c;
    }
    hk[i] = k;
    hv[i] = v;
    pos[v] = (int32_t)i;
}

/* Distances and shortest-path counts from s; returns how many were settled, listed by
 * distance in order[]. dist, sigma and pos must be at rest (inf, 0, UNSEEN). */
static int64_t dijkstra(const Csr *g, int32_t s, double *dist, double *sigma, int32_t *pos,
                        double *hk, int32_t *hv, int32_t *order) {
    dist[s] = 0.0;
    sigma[s] = 1.0;
    hk[0] = 0.0;
    hv[0] = s;
    pos[s] = 0;
    int64_t size = 1, count = 0;
    while (size > 0) {
        int32_t v = hv[0];
        size--;
        if (size > 0) sift_down_last(hk, hv, pos, size);
        pos[v] = SETTLED;
        order[count++] = v;
        double dv = dist[v], sv = sigma[v];
        for (int64_t e = g->ptr[v]; e < g->ptr[v + 1]; e++) {
            int32_t w = g->idx[e];
            double nd = dv + g->len[e];
            double dw = dist[w];
            if (nd < dw) {
                dist[w] = nd;
                sigma[w] = sv;
                int32_t pw = pos[w];
                if (pw < 0) {
                    sift_up(hk, hv, pos, size, nd, w);
                    size++;
                } else {
                    sift_up(hk, hv, pos, pw, nd, w);
                }
            } else if (nd == dw) {
                sigma[w] += sv;
            }
        }
    }
    return count;
}

typedef struct {
    double *dist, *sigma, *delta, *hk;
    int32_t *pos, *hv, *order;
} Work;

static void work_free(Work *w) {
    free(w->dist);
    free(w->sigma);
    free(w->delta);
    free(w->hk);
    free(w->pos);
    free(w->hv);
    free(w->order);
}

static int work_alloc(Work *w, Py_ssize_t n) {
    size_t m = n > 0 ? (size_t)n : 1;
    memset(w, 0, sizeof *w);
    w->dist = malloc(m * sizeof(double));
    w->sigma = calloc(m, sizeof(double));
    w->delta = calloc(m, sizeof(double));
    w->hk = malloc(m * sizeof(double));
    w->pos = malloc(m * sizeof(int32_t));
    w->hv = malloc(m * sizeof(int32_t));
    w->order = malloc(m * sizeof(int32_t));
    if (!w->dist || !w->sigma || !w->delta || !w->hk || !w->pos || !w->hv || !w->order) {
        work_free(w);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        w->dist[i] = INFINITY;
        w->pos[i] = UNSEEN;
    }
    return 0;
}

static void accumulate(const Csr *out, const Csr *in, const int64_t *sources, Py_ssize_t count,
                       double *betweenness, double *harmonic, double *distance_sum,
                       double *reached_by, double *farthest, Work *k) {
    for (Py_ssize_t j = 0; j < count; j++) {
        int32_t s = (int32_t)sources[j];
        int64_t settled = dijkstra(out, s, k->dist, k->sigma, k->pos, k->hk, k->hv, k->order);
        farthest[j] = k->dist[k->order[settled - 1]];
        for (int64_t i = settled - 1; i >= 0; i--) {
            int32_t w = k->order[i];
            double dw = k->dist[w];
            double coeff = (1.0 + k->delta[w]) / k->sigma[w];
            for (int64_t e = in->ptr[w]; e < in->ptr[w + 1]; e++) {
                int32_t v = in->idx[e];
                if (k->dist[v] + in->len[e] == dw) {
                    k->delta[v] += k->sigma[v] * coeff;
                }
            }
            if (w != s) {
                betweenness[w] += k->delta[w];
                harmonic[w] += 1.0 / dw;
                distance_sum[w] += dw;
                reached_by[w] += 1.0;
            }
        }
        for (int64_t i = 0; i < settled; i++) {
            int32_t w = k->order[i];
            k->dist[w] = INFINITY;
            k->sigma[w] = 0.0;
            k->delta[w] = 0.0;
            k->pos[w] = UNSEEN;
        }
    }
}

static int check_sources(const int64_t *sources, Py_ssize_t count, Py_ssize_t n, const char *name) {
    for (Py_ssize_t j = 0; j < count; j++) {
        if (sources[j] < 0 || sources[j] >= n) {
            PyErr_Format(PyExc_ValueError, "%s holds a vertex outside 0..n-1", name);
            return -1;
        }
    }
    return 0;
}

static int check_length(Py_ssize_t got, Py_ssize_t want, const char *name) {
    if (got != want) {
        PyErr_Format(PyExc_ValueError, "%s must hold %zd entries, not %zd", name, want, got);
        return -1;
    }
    return 0;
}

static int check_graph_pair(const Csr *out, const Csr *in) {
    if (out->n != in->n) {
        PyErr_SetString(PyExc_ValueError, "the out and in arcs must have the same vertices");
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(accumulate_sources_doc,
"accumulate_sources(out_ptr, out_idx, out_len, in_ptr, in_idx, in_len, sources,\n"
"                   betweenness, harmonic, distance_sum, reached_by, farthest)\n"
"--\n\n"
"One Brandes pass from each of ``sources`` (int64), adding into the accumulators\n"
"(float64, n each). For every vertex w that a source s reaches, other than s:\n"
"betweenness[w] += the dependency of s on w, harmonic[w] += 1/d(s, w),\n"
"distance_sum[w] += d(s, w), reached_by[w] += 1. farthest[j] (float64, one per source)\n"
"is set to the distance to the farthest vertex sources[j] reaches. Lengths must be\n"
"positive. Runs without the GIL.");

static PyObject *py_accumulate_sources(PyObject *self, PyObject *args) {
    PyObject *a[12];
    if (!PyArg_UnpackTuple(args, "accumulate_sources", 12, 12, &a[0], &a[1], &a[2], &a[3], &a[4],
                           &a[5], &a[6], &a[7], &a[8], &a[9], &a[10], &a[11])) {
        return NULL;
    }
    Held held = {.count = 0};
    Csr out, in;
    Py_ssize_t n_sources, n_bc, n_h, n_d, n_r, n_f;
    if (take_csr(&held, a[0], a[1], a[2], "out", &out) != 0) goto fail;
    if (take_csr(&held, a[3], a[4], a[5], "in", &in) != 0) goto fail;
    if (check_graph_pair(&out, &in) != 0) goto fail;
    const int64_t *sources = hold(&held, a[6], I64, 0, "sources", &n_sources);
    if (!sources) goto fail;
    double *bc = hold(&held, a[7], F64, 1, "betweenness", &n_bc);
    if (!bc) goto fail;
    double *harm = hold(&held, a[8], F64, 1, "harmonic", &n_h);
    if (!harm) goto fail;
    double *dsum = hold(&held, a[9], F64, 1, "distance_sum", &n_d);
    if (!dsum) goto fail;
    double *reached = hold(&held, a[10], F64, 1, "reached_by", &n_r);
    if (!reached) goto fail;
    double *farthest = hold(&held, a[11], F64, 1, "farthest", &n_f);
    if (!farthest) goto fail;
    if (check_length(n_bc, out.n, "betweenness") || check_length(n_h, out.n, "harmonic") ||
        check_length(n_d, out.n, "distance_sum") || check_length(n_r, out.n, "reached_by") ||
        check_length(n_f, n_sources, "farthest") ||
        check_sources(sources, n_sources, out.n, "sources")) {
        goto fail;
    }
    Work work;
    if (work_alloc(&work, out.n) != 0) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_BEGIN_ALLOW_THREADS
    accumulate(&out, &in, sources, n_sources, bc, harm, dsum, reached, farthest, &work);
    Py_END_ALLOW_THREADS
    work_free(&work);
    release(&held);
    Py_RETURN_NONE;
fail:
    release(&held);
    return NULL;
}

/* ---------------------------------------------------------------------------------------
 * Riondato–Kornaropoulos sampling: a random ordered pair and one uniformly random shortest
 * path between them, found by a balanced bidirectional Dijkstra (as KADABRA does for BFS).
 */

/* splitmix64: advances the state, returns a double in [0, 1). */
static inline double uniform(uint64_t *state) {
    *state += UINT64_C(0x9E3779B97F4A7C15);
    uint64_t z = *state;
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z = z ^ (z >> 31);
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

/* Settles v's arcs on one side of the bidirectional search. */
static inline void relax(const Csr *g, int32_t v, double *dist, double *sigma, int32_t *pos,
                         double *hk, int32_t *hv, int64_t *size, int32_t *seen, int64_t *nseen,
                         const double *other_dist, const int32_t *other_pos, double *mu) {
    double dv = dist[v], sv = sigma[v];
    for (int64_t e = g->ptr[v]; e < g->ptr[v + 1]; e++) {
        int32_t w = g->idx[e];
        int32_t pw = pos[w];
        if (pw == SETTLED) continue;
        double nd = dv + g->len[e];
        double dw = dist[w];
        if (nd < dw) {
            dist[w] = nd;
            sigma[w] = sv;
            if (pw == UNSEEN) {
                seen[(*nseen)++] = w;
                sift_up(hk, hv, pos, *size, nd, w);
                (*size)++;
            } else {
                sift_up(hk, hv, pos, pw, nd, w);
            }
        } else if (nd == dw) {
            sigma[w] += sv;
        }
        if (other_pos[w] != UNSEEN) {
            double through = nd + other_dist[w];
            if (through < *mu) *mu = through;
        }
    }
}

typedef struct {
    double *df, *db, *sf, *sb, *hkf, *hkb;
    int32_t *pf, *pb, *hvf, *hvb, *seen_f, *seen_b, *settled_f;
} Sampler;

static void sampler_free(Sampler *w) {
    double *d[] = {w->df, w->db, w->sf, w->sb, w->hkf, w->hkb};
    int32_t *i[] = {w->pf, w->pb, w->hvf, w->hvb, w->seen_f, w->seen_b, w->settled_f};
    for (size_t k = 0; k < sizeof d / sizeof *d; k++) free(d[k]);
    for (size_t k = 0; k < sizeof i / sizeof *i; k++) free(i[k]);
}

static int sampler_alloc(Sampler *w, Py_ssize_t n) {
    size_t m = n > 0 ? (size_t)n : 1;
    memset(w, 0, sizeof *w);
    w->df = malloc(m * sizeof(double));
    w->db = malloc(m * sizeof(double));
    w->sf = calloc(m, sizeof(double));
    w->sb = calloc(m, sizeof(double));
    w->hkf = malloc(m * sizeof(double));
    w->hkb = malloc(m * sizeof(double));
    w->pf = malloc(m * sizeof(int32_t));
    w->pb = malloc(m * sizeof(int32_t));
    w->hvf = malloc(m * sizeof(int32_t));
    w->hvb = malloc(m * sizeof(int32_t));
    w->seen_f = malloc(m * sizeof(int32_t));
    w->seen_b = malloc(m * sizeof(int32_t));
    w->settled_f = malloc(m * sizeof(int32_t));
    if (!w->df || !w->db || !w->sf || !w->sb || !w->hkf || !w->hkb || !w->pf || !w->pb ||
        !w->hvf || !w->hvb || !w->seen_f || !w->seen_b || !w->settled_f) {
        sampler_free(w);
        return -1;
    }
    for (Py_ssize_t v = 0; v < n; v++) {
        w->df[v] = w->db[v] = INFINITY;
        w->pf[v] = w->pb[v] = UNSEEN;
    }
    return 0;
}

/* Over the arcs (u, v) that cross the cut of a bidirectional search (u settled forwards
 * with d(s,u) < cut <= d(s,u) + len, v settled backwards, on a shortest path), sums
 * σ_f(u) σ_b(v); each such arc is left in (*u_out, *v_out), and with pick >= 0 the sum
 * stops at the first arc where it exceeds pick (an arc drawn with probability
 * proportional to its paths). Returns the sum. */
static double cut_arcs(const Csr *out, const Sampler *k, int64_t nsettled_f, double cut,
                       double limit, double pick, int32_t *u_out, int32_t *v_out) {
    double sum = 0.0;
    for (int64_t j = 0; j < nsettled_f; j++) {
        int32_t u = k->settled_f[j];
        double du = k->df[u];
        if (du >= cut) continue;
        for (int64_t e = out->ptr[u]; e < out->ptr[u + 1]; e++) {
            int32_t v = out->idx[e];
            if (k->pb[v] != SETTLED) continue;
            double dv = du + out->len[e];
            if (dv >= cut && dv + k->db[v] <= limit) {
                sum += k->sf[u] * k->sb[v];
                *u_out = u;
                *v_out = v;
                if (pick >= 0.0 && sum > pick) return sum;
            }
        }
    }
    return sum;
}

/* From x on to stop along one side's shortest-path DAG (the arcs of g into x that the
 * search settled, at distance dist[x] exactly), each step to a predecessor y with
 * probability sigma[y] / sigma[x], adding 1 to hits of every vertex before stop. */
static void walk(const Csr *g, int64_t x, int64_t stop, const int32_t *pos, const double *dist,
                 const double *sigma, double *hits, uint64_t *state) {
    while (x != stop && x >= 0) {
        hits[x] += 1.0;
        double want = uniform(state) * sigma[x];
        double sum = 0.0;
        int64_t next = -1;
        for (int64_t e = g->ptr[x]; e < g->ptr[x + 1]; e++) {
            int32_t y = g->idx[e];
            if (pos[y] == SETTLED && dist[y] + g->len[e] == dist[x]) {
                sum += sigma[y];
                next = y;
                if (sum > want) break;
            }
        }
        x = next;
    }
}

static int64_t sample_paths(const Csr *out, const Csr *in, int64_t first, int64_t count,
                            uint64_t seed, double *hits, Sampler *k) {
    int64_t n = out->n, connected = 0;
    double *df = k->df, *db = k->db, *sf = k->sf, *sb = k->sb;
    int32_t *pf = k->pf, *pb = k->pb;
    for (int64_t i = first; i < first + count; i++) {
        uint64_t state = seed * UINT64_C(0xD1B54A32D192ED03) + (uint64_t)i;
        int64_t s = (int64_t)(uniform(&state) * (double)n);
        if (s > n - 1) s = n - 1;
        int64_t t = (int64_t)(uniform(&state) * (double)(n - 1));
        if (t > n - 2) t = n - 2;
        if (t >= s) t++;
        df[s] = 0.0;
        sf[s] = 1.0;
        k->hkf[0] = 0.0;
        k->hvf[0] = (int32_t)s;
        pf[s] = 0;
        k->seen_f[0] = (int32_t)s;
        db[t] = 0.0;
        sb[t] = 1.0;
        k->hkb[0] = 0.0;
        k->hvb[0] = (int32_t)t;
        pb[t] = 0;
        k->seen_b[0] = (int32_t)t;
        int64_t size_f = 1, size_b = 1, nseen_f = 1, nseen_b = 1, nsettled_f = 0;
        int64_t work_f = 0, work_b = 0;
        double mu = INFINITY;
        while (size_f > 0 && size_b > 0) {
            if (k->hkf[0] + k->hkb[0] > mu * (1.0 + MEET_TOLERANCE)) break;
            if (work_f <= work_b) {
                int32_t v = k->hvf[0];
                size_f--;
                if (size_f > 0) sift_down_last(k->hkf, k->hvf, pf, size_f);
                pf[v] = SETTLED;
                k->settled_f[nsettled_f++] = v;
                work_f += out->ptr[v + 1] - out->ptr[v] + 1;
                relax(out, v, df, sf, pf, k->hkf, k->hvf, &size_f, k->seen_f, &nseen_f, db, pb,
                      &mu);
            } else {
                int32_t v = k->hvb[0];
                size_b--;
                if (size_b > 0) sift_down_last(k->hkb, k->hvb, pb, size_b);
                pb[v] = SETTLED;
                work_b += in->ptr[v + 1] - in->ptr[v] + 1;
                relax(in, v, db, sb, pb, k->hkb, k->hvb, &size_b, k->seen_b, &nseen_b, df, pf,
                      &mu);
            }
        }
        if (mu < INFINITY) {
            connected++;
            /* Every shortest path crosses exactly one arc (u, v) with d(s,u) < cut <=
             * d(s,v); u is settled forwards and v backwards, so both counts are final. */
            double cut = mu;
            if (size_f > 0 && k->hkf[0] < cut) cut = k->hkf[0];
            double limit = mu * (1.0 + MEET_TOLERANCE);
            int32_t pick_u = -1, pick_v = -1;
            double total = cut_arcs(out, k, nsettled_f, cut, limit, -1.0, &pick_u, &pick_v);
            pick_u = pick_v = -1;
            cut_arcs(out, k, nsettled_f, cut, limit, uniform(&state) * total, &pick_u, &pick_v);
            /* walk from the cut back to s, each predecessor with probability σ(y) / σ(x),
             * and from the cut on to t, through the backward search's counts */
            walk(in, total > 0.0 ? pick_u : s, s, pf, df, sf, hits, &state);
            walk(out, total > 0.0 ? pick_v : t, t, pb, db, sb, hits, &state);
        }
        for (int64_t j = 0; j < nseen_f; j++) {
            int32_t w = k->seen_f[j];
            df[w] = INFINITY;
            sf[w] = 0.0;
            pf[w] = UNSEEN;
        }
        for (int64_t j = 0; j < nseen_b; j++) {
            int32_t w = k->seen_b[j];
            db[w] = INFINITY;
            sb[w] = 0.0;
            pb[w] = UNSEEN;
        }
    }
    return connected;
}

PyDoc_STRVAR(sample_shortest_paths_doc,
"sample_shortest_paths(out_ptr, out_idx, out_len, in_ptr, in_idx, in_len, first, count,\n"
"                      seed, hits) -> int\n"
"--\n\n"
"Samples first .. first+count-1: sample i draws s != t uniformly from the ordered pairs\n"
"with a generator seeded by (seed, i), so the result does not depend on how samples are\n"
"split over threads; finds every shortest s -> t path by a bidirectional Dijkstra that\n"
"extends the side that has scanned fewer arcs; picks one path uniformly at random and\n"
"adds 1 to hits (float64, n) of each vertex inside it (not s or t). Returns how many\n"
"pairs were connected. Needs n >= 2. Runs without the GIL.");

static PyObject *py_sample_shortest_paths(PyObject *self, PyObject *args) {
    PyObject *o_ptr, *o_idx, *o_len, *i_ptr, *i_idx, *i_len, *o_hits;
    long long first, count;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "OOOOOOLLKO:sample_shortest_paths", &o_ptr, &o_idx, &o_len,
                          &i_ptr, &i_idx, &i_len, &first, &count, &seed, &o_hits)) {
        return NULL;
    }
    Held held = {.count = 0};
    Csr out, in;
    Py_ssize_t n_hits;
    if (take_csr(&held, o_ptr, o_idx, o_len, "out", &out) != 0) goto fail;
    if (take_csr(&held, i_ptr, i_idx, i_len, "in", &in) != 0) goto fail;
    if (check_graph_pair(&out, &in) != 0) goto fail;
    double *hits = hold(&held, o_hits, F64, 1, "hits", &n_hits);
    if (!hits) goto fail;
    if (check_length(n_hits, out.n, "hits") != 0) goto fail;
    if (out.n < 2 || first < 0 || count < 0) {
        PyErr_SetString(PyExc_ValueError, "sampling needs n >= 2 and first, count >= 0");
        goto fail;
    }
    Sampler work;
    if (sampler_alloc(&work, out.n) != 0) {
        PyErr_NoMemory();
        goto fail;
    }
    int64_t connected;
    Py_BEGIN_ALLOW_THREADS
    connected = sample_paths(&out, &in, first, count, (uint64_t)seed, hits, &work);
    Py_END_ALLOW_THREADS
    sampler_free(&work);
    release(&held);
    return PyLong_FromLongLong(connected);
fail:
    release(&held);
    return NULL;
}

/* ---------------------------------------------------------------------------------------
 * Reach: steps from the PMO, two-step reach of everyone, live-edge samples of the cascade.
 */

PyDoc_STRVAR(bfs_steps_doc,
"bfs_steps(ptr, idx, sources, max_steps, steps)\n"
"--\n\n"
"Multi-source breadth-first search over the out-arcs: steps (int64, n; -1 on entry is\n"
"not required) is set to the number of steps from the nearest of sources (int64), -1\n"
"where none is reached within max_steps (a negative max_steps: no limit).");

static PyObject *py_bfs_steps(PyObject *self, PyObject *args) {
    PyObject *o_ptr, *o_idx, *o_sources, *o_steps;
    long long max_steps;
    if (!PyArg_ParseTuple(args, "OOOLO:bfs_steps", &o_ptr, &o_idx, &o_sources, &max_steps,
                          &o_steps)) {
        return NULL;
    }
    Held held = {.count = 0};
    Csr g;
    Py_ssize_t n_sources, n_steps;
    if (take_csr(&held, o_ptr, o_idx, NULL, "arcs", &g) != 0) goto fail;
    const int64_t *sources = hold(&held, o_sources, I64, 0, "sources", &n_sources);
    if (!sources) goto fail;
    int64_t *steps = hold(&held, o_steps, I64, 1, "steps", &n_steps);
    if (!steps) goto fail;
    if (check_length(n_steps, g.n, "steps") || check_sources(sources, n_sources, g.n, "sources")) {
        goto fail;
    }
    int32_t *queue = malloc((g.n > 0 ? (size_t)g.n : 1) * sizeof(int32_t));
    if (!queue) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t v = 0; v < g.n; v++) steps[v] = -1;
    int64_t head = 0, tail = 0;
    for (Py_ssize_t j = 0; j < n_sources; j++) {
        int64_t s = sources[j];
        if (steps[s] < 0) {
            steps[s] = 0;
            queue[tail++] = (int32_t)s;
        }
    }
    while (head < tail) {
        int32_t v = queue[head++];
        int64_t next = steps[v] + 1;
        if (max_steps >= 0 && next > max_steps) break; /* the queue is in step order */
        for (int64_t e = g.ptr[v]; e < g.ptr[v + 1]; e++) {
            int32_t w = g.idx[e];
            if (steps[w] < 0) {
                steps[w] = next;
                queue[tail++] = w;
            }
        }
    }
    Py_END_ALLOW_THREADS
    free(queue);
    release(&held);
    Py_RETURN_NONE;
fail:
    release(&held);
    return NULL;
}

static inline int popcount64(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_popcountll(x);
#else
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
    return (int)((x * UINT64_C(0x0101010101010101)) >> 56);
#endif
}

PyDoc_STRVAR(two_step_counts_doc,
"two_step_counts(ptr, idx, hub_degree, first, last, counts)\n"
"--\n\n"
"For v in first..last-1, counts[v] (int64, n) = how many others v reaches in one or two\n"
"steps along the out-arcs (igraph's neighborhood_size(order=2, mindist=1)).\n\n"
"Vertices with at least hub_degree out-arcs are hubs (a newsletter's sender reaches a\n"
"whole group): their out-neighbours are kept as bitsets, and a vertex next to hubs ORs\n"
"those bitsets instead of walking each hub's arcs, so the work is O(sum over v of the\n"
"non-hub two-step walk + hubs next to v x n/64) rather than the sum of squared degrees.\n"
"Exact either way.");

static PyObject *py_two_step_counts(PyObject *self, PyObject *args) {
    PyObject *o_ptr, *o_idx, *o_counts;
    long long hub_degree, first, last;
    if (!PyArg_ParseTuple(args, "OOLLLO:two_step_counts", &o_ptr, &o_idx, &hub_degree, &first,
                          &last, &o_counts)) {
        return NULL;
    }
    Held held = {.count = 0};
    Csr g;
    Py_ssize_t n_counts;
    if (take_csr(&held, o_ptr, o_idx, NULL, "arcs", &g) != 0) goto fail;
    int64_t *counts = hold(&held, o_counts, I64, 1, "counts", &n_counts);
    if (!counts) goto fail;
    if (check_length(n_counts, g.n, "counts") != 0) goto fail;
    if (first < 0 || last > g.n || first > last || hub_degree < 1) {
        PyErr_SetString(PyExc_ValueError, "need 0 <= first <= last <= n and hub_degree >= 1");
        goto fail;
    }
    int64_t n = g.n, words = (n + 63) / 64;
    int64_t hubs = 0;
    for (int64_t v = 0; v < n; v++) {
        if (g.ptr[v + 1] - g.ptr[v] >= hub_degree) hubs++;
    }
    int32_t *hub_of = malloc((n > 0 ? (size_t)n : 1) * sizeof(int32_t));
    uint64_t *bits = calloc(hubs > 0 ? (size_t)(hubs * words) : 1, sizeof(uint64_t));
    uint64_t *join = calloc(words > 0 ? (size_t)words : 1, sizeof(uint64_t));
    int64_t *stamp = malloc((n > 0 ? (size_t)n : 1) * sizeof(int64_t));
    if (!hub_of || !bits || !join || !stamp) {
        free(hub_of);
        free(bits);
        free(join);
        free(stamp);
        PyErr_NoMemory();
        goto fail;
    }
    Py_BEGIN_ALLOW_THREADS
    int64_t h = 0;
    for (int64_t v = 0; v < n; v++) {
        stamp[v] = -1;
        if (g.ptr[v + 1] - g.ptr[v] >= hub_degree) {
            uint64_t *row = bits + h * words;
            for (int64_t e = g.ptr[v]; e < g.ptr[v + 1]; e++) {
                int32_t w = g.idx[e];
                row[w >> 6] |= UINT64_C(1) << (w & 63);
            }
            hub_of[v] = (int32_t)h++;
        } else {
            hub_of[v] = -1;
        }
    }
    for (int64_t v = first; v < last; v++) {
        int any_hub = 0;
        for (int64_t e = g.ptr[v]; e < g.ptr[v + 1]; e++) {
            int32_t u = g.idx[e];
            if (hub_of[u] >= 0) {
                const uint64_t *row = bits + (int64_t)hub_of[u] * words;
                if (!any_hub) {
                    memcpy(join, row, (size_t)words * sizeof(uint64_t));
                    any_hub = 1;
                } else {
                    for (int64_t k = 0; k < words; k++) join[k] |= row[k];
                }
            }
        }
        int64_t found = 0;
        if (any_hub) {
            for (int64_t k = 0; k < words; k++) found += popcount64(join[k]);
        }
#define IN_JOIN(w) (any_hub && ((join[(w) >> 6] >> ((w) & 63)) & 1))
        int self_seen = IN_JOIN(v) ? 1 : 0;
        for (int64_t e = g.ptr[v]; e < g.ptr[v + 1]; e++) {
            int32_t u = g.idx[e];
            if (!IN_JOIN(u) && stamp[u] != v) {
                stamp[u] = v;
                found++;
            }
            if (hub_of[u] >= 0) continue; /* its out-neighbours are in join already */
            for (int64_t f = g.ptr[u]; f < g.ptr[u + 1]; f++) {
                int32_t w = g.idx[f];
                if (!IN_JOIN(w) && stamp[w] != v) {
                    stamp[w] = v;
                    found++;
                }
            }
        }
        if (!self_seen && stamp[v] == v) self_seen = 1;
#undef IN_JOIN
        counts[v] = found - self_seen;
    }
    Py_END_ALLOW_THREADS
    free(hub_of);
    free(bits);
    free(join);
    free(stamp);
    release(&held);
    Py_RETURN_NONE;
fail:
    release(&held);
    return NULL;
}

/* A counter-based draw: the same (seed, run, edge) always gives the same number, whatever
 * order edges are looked at in and whichever thread looks. */
static inline double draw(uint64_t seed, int64_t run, int64_t edge) {
    uint64_t state = seed * UINT64_C(0xD1B54A32D192ED03) + (uint64_t)run * UINT64_C(0x9E3779B97F4A7C15);
    state ^= (uint64_t)edge * UINT64_C(0xBF58476D1CE4E5B9);
    return uniform(&state);
}

static int32_t find_root(int32_t *parent, int32_t v) {
    while (parent[v] != v) {
        parent[v] = parent[parent[v]]; /* path halving */
        v = parent[v];
    }
    return v;
}

PyDoc_STRVAR(live_components_doc,
"live_components(n, tail, head, probability, seed, first_run, labels, sizes)\n"
"--\n\n"
"Live-edge samples of an independent cascade on an undirected network of n vertices\n"
"(Kempe et al. 2003): in run r each edge (tail[e], head[e]) (int64) is live with\n"
"probability probability[e] (float64), drawn from (seed, first_run + r, e). labels\n"
"(int32, runs x n flattened in C order) is set to each vertex's component root in the\n"
"live network of each run, and sizes (int32, the same shape) at a root to its\n"
"component's size (elsewhere 0). Whoever a briefed person's component holds hears the\n"
"message in that run.");

static PyObject *py_live_components(PyObject *self, PyObject *args) {
    PyObject *o_tail, *o_head, *o_prob, *o_labels, *o_sizes;
    unsigned long long seed;
    long long first_run, n;
    if (!PyArg_ParseTuple(args, "LOOOKLOO:live_components", &n, &o_tail, &o_head, &o_prob,
                          &seed, &first_run, &o_labels, &o_sizes)) {
        return NULL;
    }
    Held held = {.count = 0};
    Py_ssize_t m, m_head, m_prob, n_labels, n_sizes;
    const int64_t *tail = hold(&held, o_tail, I64, 0, "tail", &m);
    if (!tail) goto fail;
    const int64_t *head = hold(&held, o_head, I64, 0, "head", &m_head);
    if (!head) goto fail;
    const double *prob = hold(&held, o_prob, F64, 0, "probability", &m_prob);
    if (!prob) goto fail;
    int32_t *labels = hold(&held, o_labels, I32, 1, "labels", &n_labels);
    if (!labels) goto fail;
    int32_t *sizes = hold(&held, o_sizes, I32, 1, "sizes", &n_sizes);
    if (!sizes) goto fail;
    if (n < 0 || n > INT32_MAX || m_head != m || m_prob != m || n_sizes != n_labels ||
        (n > 0 && n_labels % n != 0) || (n == 0 && n_labels != 0) || first_run < 0) {
        PyErr_SetString(PyExc_ValueError,
                        "tail, head and probability must match, labels and sizes hold runs x n "
                        "entries, first_run >= 0");
        goto fail;
    }
    Py_ssize_t runs = n > 0 ? n_labels / n : 0;
    if (check_sources(tail, m, n, "tail") || check_sources(head, m, n, "head")) goto fail;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < runs; r++) {
        int32_t *parent = labels + r * n, *size = sizes + r * n;
        for (Py_ssize_t v = 0; v < n; v++) {
            parent[v] = (int32_t)v;
            size[v] = 1;
        }
        for (Py_ssize_t e = 0; e < m; e++) {
            if (!(draw((uint64_t)seed, first_run + r, e) < prob[e])) continue;
            int32_t a = find_root(parent, (int32_t)tail[e]);
            int32_t b = find_root(parent, (int32_t)head[e]);
            if (a == b) continue;
            if (size[a] < size[b]) {
                int32_t swap = a;
                a = b;
                b = swap;
            }
            parent[b] = a;
            size[a] += size[b];
        }
        for (Py_ssize_t v = 0; v < n; v++) {
            parent[v] = find_root(parent, (int32_t)v);
        }
        for (Py_ssize_t v = 0; v < n; v++) {
            if (parent[v] != v) size[v] = 0;
        }
    }
    Py_END_ALLOW_THREADS
    release(&held);
    Py_RETURN_NONE;
fail:
    release(&held);
    return NULL;
}

PyDoc_STRVAR(live_reach_doc,
"live_reach(ptr, idx, arc_edge, probability, sources, seed, first_run, heard)\n"
"--\n\n"
"Live-edge samples of an independent cascade on a directed network: arc e of the CSR\n"
"(ptr, idx) is live in run r with probability probability[arc_edge[e]] (arc_edge int64,\n"
"probability float64), drawn from (seed, first_run + r, arc_edge[e]). heard (uint8,\n"
"runs x n, C order) is set to 1 where a vertex is reached from sources (int64) along live\n"
"arcs in that run, else 0.");

static PyObject *py_live_reach(PyObject *self, PyObject *args) {
    PyObject *o_ptr, *o_idx, *o_edge, *o_prob, *o_sources, *o_heard;
    unsigned long long seed;
    long long first_run;
    if (!PyArg_ParseTuple(args, "OOOOOKLO:live_reach", &o_ptr, &o_idx, &o_edge, &o_prob,
                          &o_sources, &seed, &first_run, &o_heard)) {
        return NULL;
    }
    Held held = {.count = 0};
    Csr g;
    Py_ssize_t n_edge, n_prob, n_sources, n_heard;
    if (take_csr(&held, o_ptr, o_idx, NULL, "arcs", &g) != 0) goto fail;
    const int64_t *arc_edge = hold(&held, o_edge, I64, 0, "arc_edge", &n_edge);
    if (!arc_edge) goto fail;
    const double *prob = hold(&held, o_prob, F64, 0, "probability", &n_prob);
    if (!prob) goto fail;
    const int64_t *sources = hold(&held, o_sources, I64, 0, "sources", &n_sources);
    if (!sources) goto fail;
    uint8_t *heard = hold(&held, o_heard, U8, 1, "heard", &n_heard);
    if (!heard) goto fail;
    if (check_length(n_edge, g.ptr[g.n], "arc_edge") ||
        check_sources(arc_edge, n_edge, n_prob, "arc_edge") ||
        check_sources(sources, n_sources, g.n, "sources")) {
        goto fail;
    }
    if (first_run < 0 || (g.n > 0 && n_heard % g.n != 0) || (g.n == 0 && n_heard != 0)) {
        PyErr_SetString(PyExc_ValueError, "heard must be runs x n and first_run >= 0");
        goto fail;
    }
    Py_ssize_t runs = g.n > 0 ? n_heard / g.n : 0;
    int32_t *queue = malloc((g.n > 0 ? (size_t)g.n : 1) * sizeof(int32_t));
    if (!queue) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < runs; r++) {
        uint8_t *mark = heard + r * g.n;
        memset(mark, 0, (size_t)g.n);
        int64_t head = 0, tail = 0;
        for (Py_ssize_t j = 0; j < n_sources; j++) {
            if (!mark[sources[j]]) {
                mark[sources[j]] = 1;
                queue[tail++] = (int32_t)sources[j];
            }
        }
        while (head < tail) {
            int32_t v = queue[head++];
            for (int64_t e = g.ptr[v]; e < g.ptr[v + 1]; e++) {
                int32_t w = g.idx[e];
                if (mark[w]) continue;
                if (draw((uint64_t)seed, first_run + r, arc_edge[e]) < prob[arc_edge[e]]) {
                    mark[w] = 1;
                    queue[tail++] = w;
                }
            }
        }
    }
    Py_END_ALLOW_THREADS
    free(queue);
    release(&held);
    Py_RETURN_NONE;
fail:
    release(&held);
    return NULL;
}


PyDoc_STRVAR(dfs_cuts_doc,
"dfs_cuts(ptr, idx, roots, order, position, end, events) -> (reached, count)\n"
"--\n\n"
"Tarjan's depth-first search for the vertices and ties whose loss cuts someone off the\n"
"roots (the PMO), on an undirected graph (both arcs of every tie, each row ascending).\n"
"The roots (int64, ascending) are contracted into one virtual root, vertex n, searched\n"
"first; every vertex's row is scanned in order and the search descends at the first\n"
"vertex not yet seen. A root reached through someone else still has the virtual root as a\n"
"neighbour.\n\n"
"Fills order (int32, n + 1: the vertices reached, the virtual root first, in discovery\n"
"order; returns how many), position (int32, n + 1: each vertex's place in order, -1 if\n"
"unreached), end (int32, n + 1: where each vertex's subtree ends in order, exclusive) and\n"
"events (int32, 3 x n): for every tree tie (u, c) below a real vertex u, in the order c\n"
"finishes, a row (flags, u, c) when c's subtree has no tie to anyone found before u\n"
"(flags bit 1: u cuts it off) and bit 2 when it has none even to u (the tie is a bridge);\n"
"returns how many rows.");

static PyObject *py_dfs_cuts(PyObject *self, PyObject *args) {
    PyObject *o_ptr, *o_idx, *o_roots, *o_order, *o_position, *o_end, *o_events;
    if (!PyArg_ParseTuple(args, "OOOOOOO:dfs_cuts", &o_ptr, &o_idx, &o_roots, &o_order,
                          &o_position, &o_end, &o_events)) {
        return NULL;
    }
    Held held = {.count = 0};
    Csr g;
    Py_ssize_t n_roots, n_order, n_position, n_end, n_events;
    if (take_csr(&held, o_ptr, o_idx, NULL, "arcs", &g) != 0) goto fail;
    const int64_t *roots = hold(&held, o_roots, I64, 0, "roots", &n_roots);
    if (!roots) goto fail;
    int32_t *order = hold(&held, o_order, I32, 1, "order", &n_order);
    if (!order) goto fail;
    int32_t *position = hold(&held, o_position, I32, 1, "position", &n_position);
    if (!position) goto fail;
    int32_t *end = hold(&held, o_end, I32, 1, "end", &n_end);
    if (!end) goto fail;
    int32_t *events = hold(&held, o_events, I32, 1, "events", &n_events);
    if (!events) goto fail;
    int64_t n = g.n;
    if (check_length(n_order, n + 1, "order") || check_length(n_position, n + 1, "position") ||
        check_length(n_end, n + 1, "end") || check_length(n_events, 3 * n, "events") ||
        check_sources(roots, n_roots, n, "roots")) {
        goto fail;
    }
    if (n >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "too many vertices");
        goto fail;
    }
    size_t m1 = (size_t)n + 1;
    int32_t *parent = malloc(m1 * sizeof(int32_t));
    int32_t *low = malloc(m1 * sizeof(int32_t));
    int64_t *next = malloc(m1 * sizeof(int64_t));
    int32_t *stack = malloc(m1 * sizeof(int32_t));
    uint8_t *is_root = calloc(m1, 1);
    if (!parent || !low || !next || !stack || !is_root) {
        free(parent);
        free(low);
        free(next);
        free(stack);
        free(is_root);
        PyErr_NoMemory();
        goto fail;
    }
    int64_t reached = 0, count = 0;
    Py_BEGIN_ALLOW_THREADS
    const int32_t top = (int32_t)n; /* the virtual root */
    for (int64_t v = 0; v <= n; v++) {
        position[v] = -1;
        end[v] = -1;
        parent[v] = -1;
    }
    for (Py_ssize_t j = 0; j < n_roots; j++) is_root[roots[j]] = 1;
    int64_t depth = 0;
    position[top] = 0;
    low[top] = 0;
    order[reached++] = top;
    next[top] = 0; /* the root's "row" is the roots list */
    stack[depth++] = top;
    while (depth > 0) {
        int32_t v = stack[depth - 1];
        int32_t w = -1;
        if (v == top) {
            while (next[top] < n_roots) {
                int32_t r = (int32_t)roots[next[top]++];
                if (position[r] < 0) {
                    w = r;
                    break;
                }
            }
        } else {
            while (next[v] < g.ptr[v + 1]) {
                int32_t u = g.idx[next[v]++];
                if (position[u] < 0) {
                    w = u;
                    break;
                }
                if (u != parent[v] && position[u] < low[v]) low[v] = position[u];
            }
        }
        if (w >= 0) { /* a tree tie v -> w */
            parent[w] = v;
            position[w] = (int32_t)reached;
            order[reached++] = w;
            /* a root found through someone else has the virtual root as a neighbour */
            low[w] = (is_root[w] && v != top) ? 0 : position[w];
            next[w] = g.ptr[w];
            stack[depth++] = w;
            continue;
        }
        /* v is finished */
        depth--;
        end[v] = (int32_t)reached;
        int32_t u = parent[v];
        if (u < 0) continue;
        if (low[v] < low[u]) low[u] = low[v];
        if (u != top && low[v] >= position[u]) { /* (a bridge has low > position) */
            events[3 * count] = 1 | (low[v] > position[u] ? 2 : 0);
            events[3 * count + 1] = u;
            events[3 * count + 2] = v;
            count++;
        }
    }
    Py_END_ALLOW_THREADS
    free(parent);
    free(low);
    free(next);
    free(stack);
    free(is_root);
    release(&held);
    return Py_BuildValue("LL", (long long)reached, (long long)count);
fail:
    release(&held);
    return NULL;
}

static PyMethodDef methods[] = {
    {"accumulate_sources", py_accumulate_sources, METH_VARARGS, accumulate_sources_doc},
    {"sample_shortest_paths", py_sample_shortest_paths, METH_VARARGS, sample_shortest_paths_doc},
    {"bfs_steps", py_bfs_steps, METH_VARARGS, bfs_steps_doc},
    {"two_step_counts", py_two_step_counts, METH_VARARGS, two_step_counts_doc},
    {"live_components", py_live_components, METH_VARARGS, live_components_doc},
    {"live_reach", py_live_reach, METH_VARARGS, live_reach_doc},
    {"dfs_cuts", py_dfs_cuts, METH_VARARGS, dfs_cuts_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "_kernels",
    "The compiled loops behind centrality and reach (C, run without the GIL).",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
