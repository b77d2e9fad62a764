/**
 * The echo example bridge ({@link dev.mxbridge.example.EchoBridge}): the smallest complete bridge on bridge-core,
 * used by the README's demo and the end-to-end tests against a real Synapse.
 */
package dev.mxbridge.example;
