/** The echo example bridge: written only against bridge-core's exported API. */
module dev.mxbridge.example {
    requires dev.mxbridge.core;
}
