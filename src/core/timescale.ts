/**
 * The time constant of gradient descent (App. P.2): one step W ← W − (η/(P·N_y))·∂L/∂W is the Euler
 * step dt_θ = 1 of τ dW/dt_θ = −∂L/∂W with
 *   τ = P·N_y/η,
 * so training time in the theory's units is t_θ/τ = step/τ. Every training loop, mode simulation and
 * figure takes τ and the number of steps from here. Pure: no I/O.
 */

/** τ = P·N_y/η (App. P.2). */
export function tau(P: number, Ny: number, eta: number): number {
  return (P * Ny) / eta;
}

/** Steps needed to reach t_θ/τ = tEnd: ⌈tEnd·τ⌉, computed as ⌈tEnd·P·N_y/η⌉ (App. P.2). */
export function stepsFor(tEnd: number, P: number, Ny: number, eta: number): number {
  return Math.ceil((tEnd * P * Ny) / eta);
}

/** The learning rate that gives a chosen τ: η = P·N_y/τ (App. P.2, solved for η). */
export function etaFor(P: number, Ny: number, tau: number): number {
  return (P * Ny) / tau;
}
