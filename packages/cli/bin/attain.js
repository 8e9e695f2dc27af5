#!/usr/bin/env node
// Committed (with its exec bit) so that npm links `attain` at install time, before any build.
import '../dist/bin.js';
