"""numpy reference of the bench workloads (bench/bench.ts), for `npm run -s bench -- --compare`.

The same algorithms as lrnn, written the ordinary numpy way, on data of the same shapes (random, seeded:
the timings do not depend on the values). bench.ts runs this with one BLAS thread and without
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (see bench/compare.ts).

  python3 bench/numpy_ref.py REPEATS NAME...   ->  JSON {"numpy": version, "blas": lib, "workloads": {NAME: [ms, ...]}}
  python3 bench/numpy_ref.py --check FILE      ->  JSON {"gradient": rel. error, "loss": ..., "ntk": ...}
    FILE (written by bench/compare.ts) holds a small network, its correlations and inputs, and lrnn's
    gradient, loss and NTK at those weights: the check that this file computes the same quantities.

Workloads (as in bench.ts):
  modes-1000  reduced mode dynamics (eq. 5-7), D = 1000, T = 10, 20 000 Euler steps
  network-4   full network N_x = N_h = N_y = 4, T = 10, P = 64, 20 000 steps of the correlation-space gradient
  grad-300    one correlation-space gradient step, N_h = 300, N_x = N_y = 4, T = 10, P = 64
  ntk-300     structured NTK over 64 x 4 outputs (input-space form), N_h = 300, T = 10
"""
import json
import re
import sys
import time

import numpy as np


def modes_1000():
    D, T, tau, steps = 1000, 10, 200.0, 20000
    rng = np.random.default_rng(1)
    delta = 0.5 + rng.random(D)
    lam = 0.5 + 0.4 * rng.random(D)
    t = np.arange(1, T + 1)
    s = delta[:, None] * lam[:, None] ** (T - t)[None, :]  # D x T, s[:, T-1-k] is s_{T-k}
    a = np.full(D, 0.1); b = np.full(D, 0.1); c = np.full(D, 0.1)
    h = 1.0 / tau

    def run():
        nonlocal a, b, c
        a0, b0, c0 = a.copy(), b.copy(), c.copy()
        for _ in range(steps):
            u = a0 * c0
            p = np.ones(D); q = np.zeros(D); S0 = np.zeros(D); S1 = np.zeros(D)
            for k in range(T):
                e = s[:, T - 1 - k] - u * p
                S0 += p * e
                S1 += k * q * e
                q = p
                p = p * b0
            a0, b0, c0 = a0 + h * c0 * S0, b0 + h * u * S1, c0 + h * a0 * S0
        return a0
    return run


def correlations(Nx, Ny, T, P, rng):
    X = rng.standard_normal((T, Nx, P))
    Y = rng.standard_normal((Ny, P))
    Xs = X.reshape(T * Nx, P)  # row (i-1)*Nx + j = component j of x_i
    return Y @ Xs.T, Xs @ Xs.T, float(np.sum(Y * Y))


def corr_grad(Wx, Wh, Wy, Syx, Sxx, yy, T):
    """eq. 16-18 from the correlations (lrnn.ts CorrGradient): returns gWx, gWh, gWy, L."""
    Nh, Nx = Wx.shape
    Ny = Wy.shape[0]
    M = [Wx]
    for _ in range(1, T):
        M.append(Wh @ M[-1])  # M_k = W_h^k W_x
    G = [Wy]
    for _ in range(1, T):
        G.append(G[-1] @ Wh)  # G_k = W_y W_h^k
    MT = np.concatenate([M[T - 1 - i].T for i in range(T)], axis=0)  # block i = M_{T-1-i}^T
    A = Wy @ MT.T  # [A_1 ... A_T]
    E = Syx - A @ Sxx
    L = 0.5 * (yy - np.sum((Syx + E) * A))
    Eb = [E[:, i * Nx:(i + 1) * Nx] for i in range(T)]  # E_i, i = 1..T
    gWy = -E @ MT
    gWx = -sum(G[T - 1 - i].T @ Eb[i] for i in range(T))
    # gW_h = -sum_r G_r^T F_r, F_r = sum_{i=1}^{T-1-r} E_i M_{T-1-r-i}^T
    F = np.stack([sum(Eb[i - 1] @ M[T - 1 - r - i].T for i in range(1, T - r)) for r in range(T - 1)])
    Gs = np.stack(G[:T - 1])
    gWh = -np.einsum('ral,ram->lm', Gs, F, optimize=True) if T > 1 else np.zeros_like(Wh)
    return gWx, gWh, gWy, L


def network(Nh, steps):
    T, N, P = 10, 4, 64
    rng = np.random.default_rng(2)
    Syx, Sxx, yy = correlations(N, N, T, P, rng)
    W = [rng.standard_normal((Nh, N)) * 0.1 / np.sqrt(N), rng.standard_normal((Nh, Nh)) * 0.1 / np.sqrt(Nh),
         rng.standard_normal((N, Nh)) * 0.1 / np.sqrt(Nh)]
    lr = 0.05 / (P * N)

    def run():
        Wx, Wh, Wy = (w.copy() for w in W)
        for _ in range(steps):
            gWx, gWh, gWy, _L = corr_grad(Wx, Wh, Wy, Syx, Sxx, yy, T)
            Wx -= lr * gWx; Wh -= lr * gWh; Wy -= lr * gWy
        return Wh
    return run


def grad_300():
    T, N, P, Nh = 10, 4, 64, 300
    rng = np.random.default_rng(3)
    Syx, Sxx, yy = correlations(N, N, T, P, rng)
    Wx = rng.standard_normal((Nh, N)) * 0.5 / np.sqrt(N)
    Wh = rng.standard_normal((Nh, Nh)) * 0.5 / np.sqrt(Nh)
    Wy = rng.standard_normal((N, Nh)) * 0.5 / np.sqrt(Nh)
    return lambda: corr_grad(Wx, Wh, Wy, Syx, Sxx, yy, T)


def ntk_300():
    """K = J J^T in the input-space form of ntk.ts (ntkInput): K_ab = Xs^T Phi_ab Xs."""
    T, Nx, Ny, P, Nh = 10, 4, 4, 64, 300
    rng = np.random.default_rng(4)
    Wx = rng.standard_normal((Nh, Nx)) * 0.5 / np.sqrt(Nx)
    Wh = rng.standard_normal((Nh, Nh)) * 0.5 / np.sqrt(Nh)
    Wy = rng.standard_normal((Ny, Nh)) * 0.5 / np.sqrt(Nh)
    Xs = rng.standard_normal((T * Nx, P))
    return ntk_input(Wx, Wh, Wy, Xs, T)


def ntk_input(Wx, Wh, Wy, Xs, T):
    Nh, Nx = Wx.shape
    Ny = Wy.shape[0]
    P = Xs.shape[1]

    def run():
        M = [Wx]
        G = [Wy]
        for _ in range(1, T):
            M.append(Wh @ M[-1]); G.append(G[-1] @ Wh)
        MTk = np.stack([m.T for m in M])  # k, j, l
        Gk = np.stack(G)  # u, a, l
        S = np.einsum('kjl,mil->kjmi', MTk, MTk, optimize=True)  # S[k,j,k',j'] = (M_k^T M_k')_{jj'}
        C = np.einsum('ual,vbl->uavb', Gk, Gk, optimize=True)  # C[u,a,u',b] = (G_u G_u'^T)_{ab}
        # Phi[A, a, j, A', b, j'] with A = T - i (block of timestep i)
        Phi = np.einsum('AaBb,jk->AajBbk', C, np.eye(Nx), optimize=True)
        Phi += np.einsum('AjBk,ab->AajBbk', S, np.eye(Ny), optimize=True)
        for u in range(T - 1):
            for v in range(T - 1):
                Phi[u + 1:, :, :, v + 1:, :, :] += np.einsum('ab,AjBk->AajBbk', C[u, :, v, :], S[:T - 1 - u, :, :T - 1 - v, :], optimize=True)
        # rows of Xs are (i, j), i = 1..T: block A = T - i
        Xr = Xs.reshape(T, Nx, P)[::-1]  # Xr[A] = x_{T-A}
        K = np.einsum('Ajp,AajBbk,Bkq->paqb', Xr, Phi, Xr, optimize=True)
        return K.reshape(P * Ny, P * Ny)
    return run


WORKLOADS = {
    'modes-1000': modes_1000,
    'network-4': lambda: network(4, 20000),
    'grad-300': grad_300,
    'ntk-300': ntk_300,
}


def blas_library():
    try:
        with open('/proc/self/maps') as f:
            libs = sorted(set(re.findall(r'\S*(?:openblas|blas|mkl|blis)\S*\.so\S*', f.read())))
        return ', '.join(libs) or 'unknown'
    except OSError:
        return 'unknown'


def check(path):
    with open(path) as f:
        d = json.load(f)
    A = {k: np.array(v) for k, v in d.items() if isinstance(v, list)}
    gWx, gWh, gWy, L = corr_grad(A['Wx'], A['Wh'], A['Wy'], A['Syx'], A['Sxx'], d['yy'], d['T'])
    rel = lambda x, y: float(np.abs(x - y).max() / np.abs(y).max())
    K = ntk_input(A['Wx'], A['Wh'], A['Wy'], A['Xs'], d['T'])()
    json.dump({'gradient': max(rel(gWx, A['gWx']), rel(gWh, A['gWh']), rel(gWy, A['gWy'])),
               'loss': abs(L - d['L']) / abs(d['L']), 'ntk': rel(K, A['K'])}, sys.stdout)


def main():
    if sys.argv[1] == '--check':
        check(sys.argv[2])
        return
    repeats = int(sys.argv[1])
    names = sys.argv[2:]
    out = {}
    for name in names:
        if name not in WORKLOADS:
            continue
        fn = WORKLOADS[name]()
        fn()  # warm-up
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = times
    json.dump({'numpy': np.__version__, 'blas': blas_library(), 'workloads': out}, sys.stdout)


if __name__ == '__main__':
    main()
