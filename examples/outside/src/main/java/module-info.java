/** A bridge to Hello, an invented chat network: built on mxbridge's exported API only. */
module org.example.hello {
    requires dev.mxbridge.core;
    requires java.net.http;
}
