# boxcopy container image. The runtime stage holds only what
# image/assemble-rootfs.sh puts in: the binary, the shared libraries it links,
# CA certificates and a non-root user. image/build-image.sh builds the same file
# system without Docker.
FROM debian:12-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config ca-certificates \
      libcurl4-openssl-dev libssl-dev libpugixml-dev nlohmann-json3-dev libcli11-dev \
      libspdlog-dev libfmt-dev libseccomp-dev libkeyutils-dev libsqlite3-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBOXCOPY_BUILD_TESTS=OFF \
 && cmake --build /build --target boxcopy \
 && image/assemble-rootfs.sh /build/bin/boxcopy /rootfs

FROM scratch
COPY --from=build /rootfs/ /
ENV HOME=/home/boxcopy SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 10001:10001
WORKDIR /home/boxcopy
ENTRYPOINT ["/usr/local/bin/boxcopy"]
