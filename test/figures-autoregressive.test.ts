import { snapshotTests } from './lib/snapshots.js';

snapshotTests('autoregressive');
