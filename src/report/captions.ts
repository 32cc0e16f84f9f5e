/** The paper's figure captions, first sentence, for the reproduction report. */
export const CAPTIONS: Record<string, string> = {
  fig2: 'Learning dynamics of input-output and recurrent connectivity modes in a linear RNN.',
  figA1: 'Large singular values occurring later in trajectory of the task dynamics accelerate learning compared to earlier ones.',
  fig3: 'Task dynamics determine solution stability and extrapolation ability.',
  fig4: 'Task dynamics modulate phase transitions of network connectivity modes.',
  figA2: 'Effective regularization term is constant across task dynamics and incentivizes small weights.',
  figA3: 'Connectivity modes undergo a phase transition as the recurrent and feedforward computation is varied.',
  fig5: 'Recurrence encourages feature learning.',
  figA4: 'NTK distance is qualitatively similar in rotational task.',
  figA5: 'Effects of recurrence on NTK movement are reduced with increasing width.',
  figA6: 'Effects of recurrence on NTK movement persist across larger initializations.',
  figA7: 'Initialization of recurrent modes more strongly impacts NTK movement.',
  fig6: 'Theory predicts learned solutions and extrapolation ability in sensory-integration task.',
  figA8: 'Early-importance task dynamics yield unstable solutions.',
  figA9: 'Learning of different rotational task dynamics in the complex plane.',
  figA10: 'Learning of inverse-exponential task dynamics with different rotational angles.',
  figA11: 'Learning of inverse-exponential task dynamics with different radii.',
  // Beyond the paper: App. M has no figure; these captions describe what lrnn adds.
  figM1: 'Beyond the paper (App. M): learning of input-output and recurrent modes when every timestep is supervised.',
  figM2: 'Beyond the paper (App. M.3): only inverse-exponential task dynamics are learned with zero loss in the T-output case.',
  figM3: 'Beyond the paper (App. M.4): the T-output energy splits into a data-driven term and an effective regularisation term.',
  figM4: 'Beyond the paper (App. M.5): the NTK of T-output networks and how far it moves.',
};
