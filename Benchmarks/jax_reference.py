"""JAX-jit reference implementations of the cases `bench --jax` times.

The rate network  tau dr/dt = -r + W tanh(r) + U x + b,  stepped by Euler,
r_{t+1} = r_t + dt F(r_t, x_t), with the loss  l = 1/(2T) sum_{t=1..T} (r_t[0] - y_t)^2.
Parameters are flattened as the Swift library flattens them: W column-major,
then U column-major, then b.

- BPTT: jax.value_and_grad through lax.scan (reverse mode over the scan is
  backpropagation through time).
- RTRL: the sensitivities p = dr/dw carried forward explicitly,
  p_{t+1} = (I + dt J_t) p_t + dt dF/dw(r_t, x_t), in a lax.scan.

The fixed-point cases: the same network with no input, 0 = F(r*) = -r* + W tanh(r*) + b,
and the loss l = 1/2 |r* - y|^2, each the algorithm `bench` times, in a lax.while_loop:
- solve: the relaxation r <- r + h F(r) from r = 0 until max|F(r)| <= tol (h = 1 is the
  plain fixed-point iteration r <- W tanh(r) + b);
- by-solve: the solve, then J = -I + W diag(1 - tanh(r*)^2), one LU of J and the
  transposed solve J^T v = -(r* - y) from the same factors (lu_solve, trans=1), then
  dl/dW = v tanh(r*)^T, dl/db = v;
- adjoint: the solve, then dv/dt = vJ + (r* - y) by Euler steps of dt from v = 0, vJ
  matrix-free as (v W) * (1 - tanh(r*)^2) - v, until max|vJ + g| <= tol max|g|; then
  dl/dW and dl/db as above.

Float64, jit, one thread (`--core N` pins it to bench's core). This file is a
server for `bench --jax`: it reads one JSON request per line on stdin and
answers one JSON line on stdout.

  {"op": "load", "method": "bptt"|"rtrl", "n", "k", "T", "dt", "tau",
   "data": PATH, "gradient": PATH}
      reads W, U, b, r0, x (T x k, step-major), y (T) as float64 from PATH,
      compiles, runs once, writes the gradient (float64) to the gradient PATH
      and answers {"loss": ..., "compile_ms": ...}.
  {"op": "load", "method": "solve"|"by-solve"|"adjoint", "n", "relax_dt", "dt", "tol",
   "max_iterations", "data": PATH, "gradient": PATH}
      reads W (n x n, column-major), b, y (n each); writes r* (solve) or the gradient
      (W column-major, then b) and answers {"loss", "iterations", "steps", "compile_ms"}.
  {"op": "time"}
      runs the loaded case once, answers {"ms": ...} (perf_counter around the
      call and block_until_ready; the pipe is outside the timed region).
  {"op": "info"}
      answers the versions and the XLA flags in force.
"""

import json
import os
import sys
import time

# One thread: XLA's CPU client and Eigen may otherwise start a pool. `bench`
# pins this process to its own core as well (the affinity is inherited).
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

jax.config.update("jax_enable_x64", True)


def read_case(request):
    n, k, T = request["n"], request["k"], request["T"]
    flat = np.fromfile(request["data"], dtype="<f8")
    sizes = [n * n, n * k, n, n, T * k, T]
    if flat.size != sum(sizes):
        raise ValueError(f"{request['data']} holds {flat.size} numbers, expected {sum(sizes)}")
    parts = np.split(flat, np.cumsum(sizes)[:-1])
    W = parts[0].reshape((n, n), order="F")
    U = parts[1].reshape((n, k), order="F")
    b, r0 = parts[2], parts[3]
    x = parts[4].reshape((T, k))
    y = parts[5]
    return W, U, b, r0, x, y


def flatten(gW, gU, gb):
    """The Swift library's parameter order: W and U column-major, then b."""
    return jnp.concatenate([gW.T.reshape(-1), gU.T.reshape(-1), gb])


def bptt(n, k, T, dt, tau, r0, x, y):
    def loss(W, U, b):
        def step(r, xy):
            xt, yt = xy
            r = r + dt * ((-r + W @ jnp.tanh(r) + U @ xt + b) / tau)
            return r, (r[0] - yt) ** 2

        _, errors = jax.lax.scan(step, r0, (x, y))
        return errors.sum() / (2 * T)

    value_and_grad = jax.value_and_grad(loss, argnums=(0, 1, 2))

    def gradient(W, U, b):
        value, (gW, gU, gb) = value_and_grad(W, U, b)
        return value, flatten(gW, gU, gb)

    return jax.jit(gradient)


def rtrl(n, k, T, dt, tau, r0, x, y):
    """p_W[i, a, c] = dr_i/dW_ac, p_U[i, a, c] = dr_i/dU_ac, p_b[i, a] = dr_i/db_a."""
    eye = jnp.eye(n)

    def gradient(W, U, b):
        def step(carry, xy):
            r, pW, pU, pb, gW, gU, gb, total = carry
            xt, yt = xy
            phi = jnp.tanh(r)
            S = eye + dt * ((-eye + W * (1 - phi * phi)[None, :]) / tau)   # I + dt J_t
            a = dt / tau
            # dF_i/dW_ac = delta_ia phi_c / tau, dF_i/dU_ac = delta_ia x_c / tau, dF_i/db_a = delta_ia / tau
            pW = (S @ pW.reshape(n, n * n)).reshape(n, n, n) + a * eye[:, :, None] * phi[None, None, :]
            pU = (S @ pU.reshape(n, n * k)).reshape(n, n, k) + a * eye[:, :, None] * xt[None, None, :]
            pb = S @ pb + a * eye
            r = r + dt * ((-r + W @ phi + U @ xt + b) / tau)
            e = (r[0] - yt) / T                                               # dl/dr_{t+1}[0]
            return (r, pW, pU, pb, gW + e * pW[0], gU + e * pU[0], gb + e * pb[0],
                    total + (r[0] - yt) ** 2), None

        zeros = (jnp.zeros((n, n, n)), jnp.zeros((n, n, k)), jnp.zeros((n, n)))
        start = (r0, *zeros, jnp.zeros((n, n)), jnp.zeros((n, k)), jnp.zeros(n), 0.0)
        (_, _, _, _, gW, gU, gb, total), _ = jax.lax.scan(step, start, (x, y))
        return total / (2 * T), flatten(gW, gU, gb)

    return jax.jit(gradient)


METHODS = {"bptt": bptt, "rtrl": rtrl}


def read_fixed_point_case(request):
    n = request["n"]
    flat = np.fromfile(request["data"], dtype="<f8")
    if flat.size != n * n + 2 * n:
        raise ValueError(f"{request['data']} holds {flat.size} numbers, expected {n * n + 2 * n}")
    W = flat[: n * n].reshape((n, n), order="F")
    return W, flat[n * n: n * n + n], flat[n * n + n:]


def fixed_point(method, n, relax_dt, dt, tol, max_iterations, y):
    """The fixed-point case `method`, jitted; returns (loss, output, iterations, adjoint steps)."""

    def relax(W, b):
        def field(r):
            return -r + W @ jnp.tanh(r) + b

        def more(carry):
            _, F, k = carry
            return (jnp.max(jnp.abs(F)) > tol) & (k < max_iterations)

        def step(carry):
            r, F, k = carry
            r = r + relax_dt * F
            return r, field(r), k + 1

        r0 = jnp.zeros(n)
        return jax.lax.while_loop(more, step, (r0, field(r0), 0))

    def solve(W, b):
        r, _, k = relax(W, b)
        g = r - y
        return 0.5 * jnp.dot(g, g), r, k, 0

    def by_solve(W, b):
        r, _, k = relax(W, b)
        phi = jnp.tanh(r)
        J = W * (1 - phi * phi)[None, :] - jnp.eye(n)
        g = r - y
        v = jax.scipy.linalg.lu_solve(jax.scipy.linalg.lu_factor(J), -g, trans=1)    # J^T v = -g
        return 0.5 * jnp.dot(g, g), flatten(jnp.outer(v, phi), jnp.zeros((n, 0)), v), k, 0

    def adjoint(W, b):
        r, _, k = relax(W, b)
        phi = jnp.tanh(r)
        slope = 1 - phi * phi
        g = r - y
        scale = jnp.max(jnp.abs(g))

        def direction(v):
            return (v @ W) * slope - v + g                     # vJ + g

        def more(carry):
            _, s, steps = carry
            return (jnp.max(jnp.abs(s)) > tol * scale) & (steps < max_iterations)

        def step(carry):
            v, s, steps = carry
            v = v + dt * s
            return v, direction(v), steps + 1

        v0 = jnp.zeros(n)
        v, _, steps = jax.lax.while_loop(more, step, (v0, direction(v0), 0))
        return 0.5 * jnp.dot(g, g), flatten(jnp.outer(v, phi), jnp.zeros((n, 0)), v), k, steps

    return jax.jit({"solve": solve, "by-solve": by_solve, "adjoint": adjoint}[method])


def serve():
    loaded = None
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            op = request["op"]
            if op == "info":
                answer = {"jax": jax.__version__, "jaxlib": jax.lib.__version__,
                          "numpy": np.__version__, "xla_flags": os.environ.get("XLA_FLAGS", ""),
                          "devices": [str(d) for d in jax.devices()]}
            elif op == "load" and request["method"] in ("solve", "by-solve", "adjoint"):
                W, b, y = read_fixed_point_case(request)
                fn = fixed_point(request["method"], request["n"], request["relax_dt"], request["dt"],
                                 request["tol"], request["max_iterations"], jnp.asarray(y))
                args = (jnp.asarray(W), jnp.asarray(b))
                start = time.perf_counter()
                value, output, iterations, steps = jax.block_until_ready(fn(*args))
                compile_ms = (time.perf_counter() - start) * 1e3
                np.asarray(output, dtype="<f8").tofile(request["gradient"])
                loaded = (fn, args)
                answer = {"loss": float(value), "iterations": int(iterations), "steps": int(steps),
                          "compile_ms": compile_ms}
            elif op == "load":
                W, U, b, r0, x, y = read_case(request)
                build = METHODS[request["method"]]
                fn = build(request["n"], request["k"], request["T"], request["dt"], request["tau"],
                           jnp.asarray(r0), jnp.asarray(x), jnp.asarray(y))
                args = (jnp.asarray(W), jnp.asarray(U), jnp.asarray(b))
                start = time.perf_counter()
                value, gradient = jax.block_until_ready(fn(*args))
                compile_ms = (time.perf_counter() - start) * 1e3
                np.asarray(gradient, dtype="<f8").tofile(request["gradient"])
                loaded = (fn, args)
                answer = {"loss": float(value), "compile_ms": compile_ms}
            elif op == "time":
                if loaded is None:
                    raise ValueError("no case loaded")
                fn, args = loaded
                start = time.perf_counter()
                jax.block_until_ready(fn(*args))
                answer = {"ms": (time.perf_counter() - start) * 1e3}
            else:
                raise ValueError(f"unknown op {op!r}")
        except Exception as error:  # reported to bench, which stops with the message
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--core":
        os.sched_setaffinity(0, {int(sys.argv[2])})   # bench's core: the two alternate on it
    serve()
