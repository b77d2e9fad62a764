/**
 * Application-service registrations: the {@link dev.mxbridge.core.registration.Registration} record the homeserver
 * and the bridge share, its namespaces, its validation, and the YAML file format
 * ({@link dev.mxbridge.core.registration.RegistrationYaml}). Tokens are generated and compared by
 * {@link dev.mxbridge.core.registration.Tokens}, in constant time.
 */
package dev.mxbridge.core.registration;
