//! A local Discord: gateway and REST on 127.0.0.1 (work in progress).
