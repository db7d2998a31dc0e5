"""JAX-jit reference implementations of the cases `bench --jax` times.

The rate network  tau dr/dt = -r + W tanh(r) + U x + b,  stepped by Euler,
r_{t+1} = r_t + dt F(r_t, x_t), with the loss  l = 1/(2T) sum_{t=1..T} (r_t[0] - y_t)^2.
Parameters are flattened as the Swift library flattens them: W column-major,
then U column-major, then b.

- BPTT: jax.value_and_grad through lax.scan (reverse mode over the scan is
  backpropagation through time).
- RTRL: the sensitivities p = dr/dw carried forward explicitly,
  p_{t+1} = (I + dt J_t) p_t + dt dF/dw(r_t, x_t), in a lax.scan.

Float64, jit, one thread (`--core N` pins it to bench's core). This file is a
server for `bench --jax`: it reads one JSON request per line on stdin and
answers one JSON line on stdout.

  {"op": "load", "method": "bptt"|"rtrl", "n", "k", "T", "dt", "tau",
   "data": PATH, "gradient": PATH}
      reads W, U, b, r0, x (T x k, step-major), y (T) as float64 from PATH,
      compiles, runs once, writes the gradient (float64) to the gradient PATH
      and answers {"loss": ..., "compile_ms": ...}.
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
