#!/usr/bin/env node
import { start } from '../dist/src/main.js';
start();
