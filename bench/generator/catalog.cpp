#include "bench/generator/catalog.h"

namespace rulejit::bench::catalog {

namespace {

constexpr uint8_t kEks = 1 << static_cast<int>(Flavor::Eks);

// ---- kube-system / platform -------------------------------------------------

constexpr Label kAwsNodeLabels[] = {{"app.kubernetes.io/instance", "aws-vpc-cni"},
                                    {"app.kubernetes.io/name", "aws-node"},
                                    {"k8s-app", "aws-node"}};
constexpr ContainerSpec kAwsNode[] = {{
    .name = "aws-node",
    .image = "602401143452.dkr.ecr.{region}.amazonaws.com/amazon-k8s-cni:v1.19.2",
    .init = {"/app/aws-vpc-cni", ""},
    .cwd = "/app",
    .probe = {{"/app/grpc-health-probe", "-addr=:50051 -connect-timeout=5s -rpc-timeout=5s"}, 10, {}, false},
    .worker = {"/app/aws-k8s-agent", ""},
}};

constexpr Cmd kKubeProxyCmds[] = {
    {"/usr/sbin/iptables-save", "-t nat", 3},
    {"/usr/sbin/iptables-restore", "-w 5 -W 100000 --noflush --counters", 3},
    {"/usr/sbin/ip6tables-save", "-t filter", 1},
    {"/usr/sbin/iptables", "-w 5 -W 100000 -N KUBE-PROXY-CANARY -t mangle", 1},
};
constexpr Label kKubeProxyLabels[] = {{"k8s-app", "kube-proxy"}};
constexpr ContainerSpec kKubeProxy[] = {{
    .name = "kube-proxy",
    .image = "registry.k8s.io/kube-proxy:v1.30.4",
    .init = {"/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy-config/config --hostname-override={node}"},
    .cwd = "/",
    .cmds = kKubeProxyCmds,
    .cmds_per_hour = 90,
    .privileged = true,
    .connects = false,
}};

constexpr Label kCorednsLabels[] = {{"eks.amazonaws.com/component", "coredns"}, {"k8s-app", "kube-dns"}};
constexpr ContainerSpec kCoredns[] = {{
    .name = "coredns",
    .image = "registry.k8s.io/coredns/coredns:v1.11.1",
    .init = {"/coredns", "-conf /etc/coredns/Corefile"},
    .cwd = "/",
    .uid = 65532,
}};

constexpr Label kCiliumLabels[] = {{"app.kubernetes.io/name", "cilium-agent"},
                                   {"app.kubernetes.io/part-of", "cilium"},
                                   {"k8s-app", "cilium"}};
constexpr Cmd kCiliumCmds[] = {
    {"/usr/sbin/iptables-nft-save", "-t mangle", 2},
    {"/usr/sbin/ip", "-o link show", 1},
    {"/usr/bin/cilium-dbg", "status --brief", 1},
};
constexpr ContainerSpec kCilium[] = {{
    .name = "cilium-agent",
    .image = "quay.io/isovalent/cilium:v1.16.6-cee.1",
    .init = {"/usr/bin/cilium-agent", "--config-dir=/tmp/cilium/config-map"},
    .cwd = "/home/cilium",
    .probe = {{"/usr/bin/cilium-dbg", "status --brief"}, 30, {}, false},
    .cmds = kCiliumCmds,
    .cmds_per_hour = 20,
    .privileged = true,
}};

constexpr Label kTetragonLabels[] = {{"app.kubernetes.io/instance", "tetragon"},
                                     {"app.kubernetes.io/name", "tetragon"}};
constexpr ContainerSpec kTetragon[] = {
    {
        .name = "tetragon",
        .image = "quay.io/isovalent/tetragon:v1.4.0",
        .init = {"/usr/bin/tetragon",
                 "--server-address localhost:54321 --export-filename /var/run/cilium/tetragon/tetragon.log "
                 "--export-file-max-size-mb 10 --export-file-max-backups 5 --export-file-compress "
                 "--enable-process-cred --enable-k8s-api --enable-ancestors base --cluster-name {cluster} "
                 "--health-server-address :6789 --metrics-server :2112 --process-cache-size 65536"},
        .cwd = "/",
        .probe = {{"/usr/bin/tetra", "status --server-address localhost:54321 --retries 5"}, 10, {}, false},
        .privileged = true,
        .connects = false,
    },
    {
        .name = "export-stdout",
        .image = "quay.io/cilium/hubble-export-stdout:v1.0.4",
        .init = {"/usr/bin/hubble-export-stdout", "/var/run/cilium/tetragon/tetragon.log"},
        .cwd = "/",
        .connects = false,
    },
};

constexpr Label kNodeExporterLabels[] = {{"app.kubernetes.io/component", "metrics"},
                                         {"app.kubernetes.io/instance", "prometheus"},
                                         {"app.kubernetes.io/name", "prometheus-node-exporter"}};
constexpr ContainerSpec kNodeExporter[] = {{
    .name = "node-exporter",
    .image = "quay.io/prometheus/node-exporter:v1.8.2",
    .init = {"/bin/node_exporter",
             "--path.procfs=/host/proc --path.sysfs=/host/sys --path.rootfs=/host/root "
             "--path.udev.data=/host/root/run/udev/data --web.listen-address=[{nodeip}]:9100 "
             "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|var/lib/docker/.+|var/lib/kubelet/.+)($|/)"},
    .cwd = "/",
    .uid = 65534,
    .connects = false,
}};

constexpr Label kFluentBitLabels[] = {{"app.kubernetes.io/instance", "fluent-bit"},
                                      {"app.kubernetes.io/name", "fluent-bit"}};
constexpr ContainerSpec kFluentBit[] = {{
    .name = "fluent-bit",
    .image = "cr.fluentbit.io/fluent/fluent-bit:3.1.9",
    .init = {"/fluent-bit/bin/fluent-bit", "-c /fluent-bit/etc/conf/fluent-bit.conf"},
    .cwd = "/",
}};

// ---- applications -----------------------------------------------------------

constexpr Cmd kJavaCmds[] = {
    {"/bin/date", "+%s", 3, true},
    {"/bin/df", "-h /tmp", 1, true},
    {"/usr/bin/uname", "-a", 1, true},
    {"/opt/java/openjdk/bin/jcmd", "1 GC.heap_info", 1, false},
    {"/usr/bin/find", "/app/tmp -type f -mmin +60 -delete", 1, true},
};
constexpr std::string_view kJavaArgs =
    "-XX:+UseContainerSupport -XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=50.0 -XX:+UseG1GC "
    "-XX:MaxGCPauseMillis=200 -XX:+ExitOnOutOfMemoryError -XX:+HeapDumpOnOutOfMemoryError "
    "-XX:HeapDumpPath=/tmp/heapdump.hprof -Xlog:gc*:file=/tmp/gc.log:time,uptime:filecount=5,filesize=10M "
    "-Djava.security.egd=file:/dev/./urandom -Dfile.encoding=UTF-8 -Duser.timezone=UTC "
    "-Dspring.profiles.active=prod,kubernetes -Dmanagement.endpoints.web.exposure.include=health,info,prometheus "
    "-Dotel.service.name=payments-api -Dotel.exporter.otlp.endpoint=http://otel-collector.observability:4317 "
    "-Dotel.resource.attributes=deployment.environment=prod,service.namespace=payments "
    "-javaagent:/opt/otel/opentelemetry-javaagent.jar "
    "-cp /app/resources:/app/classes:/app/libs/spring-boot-3.3.4.jar:/app/libs/spring-core-6.1.13.jar:"
    "/app/libs/spring-web-6.1.13.jar:/app/libs/jackson-databind-2.17.2.jar:/app/libs/jackson-core-2.17.2.jar:"
    "/app/libs/tomcat-embed-core-10.1.30.jar:/app/libs/micrometer-core-1.13.4.jar:"
    "/app/libs/postgresql-42.7.4.jar:/app/libs/HikariCP-5.1.0.jar:/app/libs/slf4j-api-2.0.16.jar:"
    "/app/libs/logback-classic-1.5.8.jar:/app/libs/netty-handler-4.1.113.Final.jar:/app/libs/* "
    "com.example.payments.PaymentsApplication --server.port=8080";
constexpr Label kPaymentsLabels[] = {{"app.kubernetes.io/name", "payments-api"},
                                     {"app.kubernetes.io/part-of", "payments"},
                                     {"app.kubernetes.io/version", "2.14.3"},
                                     {"security.istio.io/tlsMode", "istio"}};
constexpr ContainerSpec kPayments[] = {
    {
        .name = "payments-api",
        .image = "123456789012.dkr.ecr.{region}.amazonaws.com/payments/api:2.14.3",
        .init = {"/opt/java/openjdk/bin/java", kJavaArgs},
        .cwd = "/app",
        .uid = 1000,
        .probe = {{"/bin/sh", "-c \"curl -fsS http://localhost:8080/actuator/health/liveness\""},
                  15,
                  {"/usr/bin/curl", "-fsS http://localhost:8080/actuator/health/liveness"},
                  false},
        .cmds = kJavaCmds,
        .cmds_per_hour = 40,
    },
    {
        .name = "istio-proxy",
        .image = "docker.io/istio/proxyv2:1.23.2",
        .init = {"/usr/local/bin/pilot-agent",
                 "proxy sidecar --domain payments.svc.cluster.local --proxyLogLevel=warning "
                 "--proxyComponentLogLevel=misc:error --log_output_level=default:info"},
        .cwd = "/",
        .uid = 1337,
        .connects = true,
        .worker = {"/usr/local/bin/envoy",
                   "-c etc/istio/proxy/envoy-rev.json --drain-time-s 45 --drain-strategy immediate "
                   "--local-address-ip-version v4 --file-flush-interval-msec 1000 --disable-hot-restart "
                   "--allow-unknown-static-fields -l warning --component-log-level misc:error"},
    },
};

constexpr Cmd kNodeCmds[] = {
    {"/usr/local/bin/node", "/usr/src/app/scripts/warm-cache.js", 2, true},
    {"/bin/hostname", "", 1, false},
    {"/usr/bin/git", "rev-parse --short HEAD", 1, false},
    {"/usr/bin/printf", "ready\\n", 1, true},
};
constexpr Label kFrontendLabels[] = {{"app", "frontend"}, {"tier", "web"}};
constexpr ContainerSpec kFrontend[] = {{
    .name = "frontend",
    .image = "ghcr.io/example-shop/frontend:v3.8.1",
    .init = {"/usr/local/bin/node", "server.js"},
    .cwd = "/usr/src/app",
    .uid = 1000,
    .probe = {{"/bin/sh", "-c \"wget -q -O- http://127.0.0.1:3000/healthz\""},
              10,
              {"/usr/bin/wget", "-q -O- http://127.0.0.1:3000/healthz"},
              false},
    .cmds = kNodeCmds,
    .cmds_per_hour = 30,
}};

constexpr Cmd kPythonCmds[] = {
    {"/usr/local/bin/python3", "-c \"import sys; print(sys.version)\"", 1, false},
    {"/usr/bin/uname", "-a", 1, true},
    {"/usr/local/bin/python3", "/opt/app/manage.py clearsessions", 2, false},
    {"/usr/bin/convert", "/tmp/uploads/Überweisung_März.png -resize 800x600 /tmp/thumbs/Überweisung_März.png", 1,
     false},
};
constexpr Label kCartLabels[] = {{"app.kubernetes.io/component", "api"}, {"app.kubernetes.io/name", "cart"}};
constexpr ContainerSpec kCart[] = {{
    .name = "cart",
    .image = "ghcr.io/example-shop/cart:1.22.0",
    .init = {"/usr/local/bin/gunicorn", "/usr/local/bin/gunicorn --preload -w 4 -b 0.0.0.0:9080 app:create_app()"},
    .cwd = "/opt/app",
    .cmds = kPythonCmds,
    .cmds_per_hour = 24,
}};

constexpr Label kCheckoutLabels[] = {{"app.kubernetes.io/name", "checkout"}, {"version", "v2"}};
constexpr ContainerSpec kCheckout[] = {{
    .name = "checkout",
    .image = "ghcr.io/example-shop/checkout:2.0.7",
    .init = {"/app/checkout-service", "--port=8080 --log-level=info --tracing-endpoint=otel-collector.observability:4317"},
    .cwd = "/app",
    .uid = 65532,
    .probe = {{"/bin/grpc_health_probe", "-addr=:8080"}, 10, {}, false},
}};

constexpr Label kPostgresLabels[] = {{"app.kubernetes.io/component", "primary"},
                                     {"app.kubernetes.io/instance", "orders-db"},
                                     {"app.kubernetes.io/name", "postgresql"}};
constexpr Cmd kPostgresCmds[] = {
    {"/usr/local/bin/pg_dump", "-U postgres -Fc orders -f /backup/orders-{date}.dump", 1, false},
    {"/usr/bin/du", "-sh /var/lib/postgresql/data", 1, true},
};
constexpr ContainerSpec kPostgres[] = {{
    .name = "postgresql",
    .image = "docker.io/bitnami/postgresql:16.4.0-debian-12-r9",
    .init = {"/opt/bitnami/scripts/postgresql/entrypoint.sh",
             "/opt/bitnami/scripts/postgresql/entrypoint.sh /opt/bitnami/scripts/postgresql/run.sh"},
    .cwd = "/",
    .uid = 1001,
    .probe = {{"/bin/sh", "-c \"exec pg_isready -U \"postgres\" -h 127.0.0.1 -p 5432\""},
              10,
              {"/opt/bitnami/postgresql/bin/pg_isready", "-U postgres -h 127.0.0.1 -p 5432"},
              true},
    .cmds = kPostgresCmds,
    .cmds_per_hour = 4,
}};

constexpr Label kRedisLabels[] = {{"app.kubernetes.io/instance", "cache"}, {"app.kubernetes.io/name", "redis"}};
constexpr ContainerSpec kRedis[] = {{
    .name = "redis",
    .image = "docker.io/library/redis:7.4.1-alpine",
    .init = {"/usr/local/bin/redis-server", "*:6379"},
    .cwd = "/data",
    .uid = 999,
    .probe = {{"/usr/local/bin/redis-cli", "ping"}, 5, {}, false},
    .connects = false,
}};

constexpr std::string_view kKafkaArgs =
    "-Xmx1024m -Xms1024m -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 "
    "-XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true "
    "-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false "
    "-Dcom.sun.management.jmxremote.ssl=false -Dkafka.logs.dir=/opt/bitnami/kafka/bin/../logs "
    "-Dlog4j.configuration=file:/opt/bitnami/kafka/bin/../config/log4j.properties "
    "-cp /opt/bitnami/kafka/bin/../libs/activation-1.1.1.jar:/opt/bitnami/kafka/bin/../libs/aopalliance-r"
    "epackaged-2.6.1.jar:/opt/bitnami/kafka/bin/../libs/argparse4j-0.7.0.jar:/opt/bitnami/kafka/bin/../li"
    "bs/audience-annotations-0.12.0.jar:/opt/bitnami/kafka/bin/../libs/caffeine-2.9.3.jar:/opt/bitnami/ka"
    "fka/bin/../libs/commons-beanutils-1.9.4.jar:/opt/bitnami/kafka/bin/../libs/commons-cli-1.4.jar:/opt/"
    "bitnami/kafka/bin/../libs/commons-collections-3.2.2.jar:/opt/bitnami/kafka/bin/../libs/commons-diges"
    "ter-2.1.jar:/opt/bitnami/kafka/bin/../libs/commons-io-2.11.0.jar:/opt/bitnami/kafka/bin/../libs/comm"
    "ons-lang3-3.12.0.jar:/opt/bitnami/kafka/bin/../libs/commons-logging-1.2.jar:/opt/bitnami/kafka/bin/."
    "./libs/commons-validator-1.7.jar:/opt/bitnami/kafka/bin/../libs/connect-api-3.8.0.jar:/opt/bitnami/k"
    "afka/bin/../libs/connect-basic-auth-extension-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/connect-json-"
    "3.8.0.jar:/opt/bitnami/kafka/bin/../libs/connect-mirror-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/con"
    "nect-mirror-client-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/connect-runtime-3.8.0.jar:/opt/bitnami/k"
    "afka/bin/../libs/connect-transforms-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/error_prone_annotations"
    "-2.10.0.jar:/opt/bitnami/kafka/bin/../libs/hk2-api-2.6.1.jar:/opt/bitnami/kafka/bin/../libs/hk2-loca"
    "tor-2.6.1.jar:/opt/bitnami/kafka/bin/../libs/hk2-utils-2.6.1.jar:/opt/bitnami/kafka/bin/../libs/jack"
    "son-annotations-2.16.2.jar:/opt/bitnami/kafka/bin/../libs/jackson-core-2.16.2.jar:/opt/bitnami/kafka"
    "/bin/../libs/jackson-databind-2.16.2.jar:/opt/bitnami/kafka/bin/../libs/jackson-dataformat-csv-2.16."
    "2.jar:/opt/bitnami/kafka/bin/../libs/jackson-datatype-jdk8-2.16.2.jar:/opt/bitnami/kafka/bin/../libs"
    "/jackson-jaxrs-base-2.16.2.jar:/opt/bitnami/kafka/bin/../libs/jackson-jaxrs-json-provider-2.16.2.jar"
    ":/opt/bitnami/kafka/bin/../libs/jackson-module-afterburner-2.16.2.jar:/opt/bitnami/kafka/bin/../libs"
    "/jackson-module-jaxb-annotations-2.16.2.jar:/opt/bitnami/kafka/bin/../libs/jackson-module-scala_2.13"
    "-2.16.2.jar:/opt/bitnami/kafka/bin/../libs/jakarta.activation-api-1.2.2.jar:/opt/bitnami/kafka/bin/."
    "./libs/jakarta.annotation-api-1.3.5.jar:/opt/bitnami/kafka/bin/../libs/jakarta.inject-2.6.1.jar:/opt"
    "/bitnami/kafka/bin/../libs/jakarta.validation-api-2.0.2.jar:/opt/bitnami/kafka/bin/../libs/jakarta.w"
    "s.rs-api-2.1.6.jar:/opt/bitnami/kafka/bin/../libs/jakarta.xml.bind-api-2.3.3.jar:/opt/bitnami/kafka/"
    "bin/../libs/javassist-3.29.2-GA.jar:/opt/bitnami/kafka/bin/../libs/jersey-client-2.39.1.jar:/opt/bit"
    "nami/kafka/bin/../libs/jersey-common-2.39.1.jar:/opt/bitnami/kafka/bin/../libs/jersey-container-serv"
    "let-2.39.1.jar:/opt/bitnami/kafka/bin/../libs/jersey-server-2.39.1.jar:/opt/bitnami/kafka/bin/../lib"
    "s/jetty-client-9.4.54.v20240208.jar:/opt/bitnami/kafka/bin/../libs/jetty-continuation-9.4.54.v202402"
    "08.jar:/opt/bitnami/kafka/bin/../libs/jetty-http-9.4.54.v20240208.jar:/opt/bitnami/kafka/bin/../libs"
    "/jetty-io-9.4.54.v20240208.jar:/opt/bitnami/kafka/bin/../libs/jetty-security-9.4.54.v20240208.jar:/o"
    "pt/bitnami/kafka/bin/../libs/jetty-server-9.4.54.v20240208.jar:/opt/bitnami/kafka/bin/../libs/jetty-"
    "servlet-9.4.54.v20240208.jar:/opt/bitnami/kafka/bin/../libs/jetty-util-9.4.54.v20240208.jar:/opt/bit"
    "nami/kafka/bin/../libs/jopt-simple-5.0.4.jar:/opt/bitnami/kafka/bin/../libs/jose4j-0.9.4.jar:/opt/bi"
    "tnami/kafka/bin/../libs/jsr305-3.0.2.jar:/opt/bitnami/kafka/bin/../libs/kafka-clients-3.8.0.jar:/opt"
    "/bitnami/kafka/bin/../libs/kafka-group-coordinator-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/kafka-me"
    "tadata-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/kafka-raft-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/"
    "kafka-server-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/kafka-server-common-3.8.0.jar:/opt/bitnami/kaf"
    "ka/bin/../libs/kafka-storage-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/kafka-streams-3.8.0.jar:/opt/b"
    "itnami/kafka/bin/../libs/kafka-tools-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/kafka_2.13-3.8.0.jar:/"
    "opt/bitnami/kafka/bin/../libs/lz4-java-1.8.0.jar:/opt/bitnami/kafka/bin/../libs/metrics-core-2.2.0.j"
    "ar:/opt/bitnami/kafka/bin/../libs/metrics-core-4.1.12.1.jar:/opt/bitnami/kafka/bin/../libs/netty-buf"
    "fer-4.1.111.Final.jar:/opt/bitnami/kafka/bin/../libs/netty-codec-4.1.111.Final.jar:/opt/bitnami/kafk"
    "a/bin/../libs/netty-common-4.1.111.Final.jar:/opt/bitnami/kafka/bin/../libs/netty-handler-4.1.111.Fi"
    "nal.jar:/opt/bitnami/kafka/bin/../libs/netty-resolver-4.1.111.Final.jar:/opt/bitnami/kafka/bin/../li"
    "bs/netty-transport-4.1.111.Final.jar:/opt/bitnami/kafka/bin/../libs/paranamer-2.8.jar:/opt/bitnami/k"
    "afka/bin/../libs/pcollections-4.0.1.jar:/opt/bitnami/kafka/bin/../libs/plexus-utils-3.5.1.jar:/opt/b"
    "itnami/kafka/bin/../libs/protobuf-java-3.23.4.jar:/opt/bitnami/kafka/bin/../libs/reflections-0.10.2."
    "jar:/opt/bitnami/kafka/bin/../libs/reload4j-1.2.25.jar:/opt/bitnami/kafka/bin/../libs/rocksdbjni-7.9"
    ".2.jar:/opt/bitnami/kafka/bin/../libs/scala-collection-compat_2.13-2.10.0.jar:/opt/bitnami/kafka/bin"
    "/../libs/scala-library-2.13.14.jar:/opt/bitnami/kafka/bin/../libs/scala-logging_2.13-3.9.5.jar:/opt/"
    "bitnami/kafka/bin/../libs/scala-reflect-2.13.14.jar:/opt/bitnami/kafka/bin/../libs/slf4j-api-1.7.36."
    "jar:/opt/bitnami/kafka/bin/../libs/slf4j-reload4j-1.7.36.jar:/opt/bitnami/kafka/bin/../libs/snappy-j"
    "ava-1.1.10.5.jar:/opt/bitnami/kafka/bin/../libs/swagger-annotations-2.2.8.jar:/opt/bitnami/kafka/bin"
    "/../libs/trogdor-3.8.0.jar:/opt/bitnami/kafka/bin/../libs/zookeeper-3.8.4.jar:/opt/bitnami/kafka/bin"
    "/../libs/zookeeper-jute-3.8.4.jar:/opt/bitnami/kafka/bin/../libs/zstd-jni-1.5.6-3.jar kafka.Kafka /o"
    "pt/bitnami/kafka/config/server.properties";
constexpr Label kKafkaLabels[] = {{"app.kubernetes.io/component", "broker"},
                                  {"app.kubernetes.io/instance", "events"},
                                  {"app.kubernetes.io/name", "kafka"}};
constexpr Cmd kKafkaCmds[] = {
    {"/opt/bitnami/kafka/bin/kafka-topics.sh",
     "/opt/bitnami/kafka/bin/kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders", 1, true},
    {"/opt/bitnami/kafka/bin/kafka-log-dirs.sh",
     "/opt/bitnami/kafka/bin/kafka-log-dirs.sh --bootstrap-server localhost:9092 --describe", 1, true},
};
constexpr ContainerSpec kKafka[] = {{
    .name = "kafka",
    .image = "docker.io/bitnami/kafka:3.8.0-debian-12-r5",
    .init = {"/opt/bitnami/java/bin/java", kKafkaArgs},
    .cwd = "/",
    .uid = 1001,
    .probe = {{"/bin/bash", "-c \"kafka-broker-api-versions.sh --bootstrap-server localhost:9092\""},
              30,
              {"/opt/bitnami/kafka/bin/kafka-broker-api-versions.sh",
               "/opt/bitnami/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092"},
              false},
    .cmds = kKafkaCmds,
    .cmds_per_hour = 6,
}};

constexpr Label kEsLabels[] = {{"app", "elasticsearch-master"}, {"chart", "elasticsearch"}, {"release", "logs"}};
constexpr ContainerSpec kElasticsearch[] = {{
    .name = "elasticsearch",
    .image = "docker.elastic.co/elasticsearch/elasticsearch:8.15.2",
    .init = {"/usr/share/elasticsearch/jdk/bin/java",
             "-Des.networkaddress.cache.ttl=60 -Des.networkaddress.cache.negative.ttl=10 -Djava.security.manager=allow "
             "-XX:+AlwaysPreTouch -Xss1m -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true "
             "-XX:-OmitStackTraceInFastThrow -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true "
             "-Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Xms2g -Xmx2g -XX:+UseG1GC "
             "-Djava.io.tmpdir=/tmp/elasticsearch-7064523810349856372 --add-modules=jdk.incubator.vector "
             "-XX:ReplayDataFile=logs/replay_pid%p.log -Des.distribution.type=docker "
             "-cp /usr/share/elasticsearch/lib/* -p /usr/share/elasticsearch/elasticsearch.pid "
             "org.elasticsearch.bootstrap.Elasticsearch"},
    .cwd = "/usr/share/elasticsearch",
    .uid = 1000,
    .probe = {{"/bin/bash", "-c \"curl -s --max-time 5 http://localhost:9200/_cluster/health?local=true\""},
              10,
              {"/usr/bin/curl", "-s --max-time 5 http://localhost:9200/_cluster/health?local=true"},
              false},
}};

constexpr Label kRabbitLabels[] = {{"app.kubernetes.io/component", "rabbitmq"},
                                   {"app.kubernetes.io/name", "orders-bus"},
                                   {"app.kubernetes.io/part-of", "rabbitmq"}};
constexpr ContainerSpec kRabbit[] = {{
    .name = "rabbitmq",
    .image = "docker.io/library/rabbitmq:3.13.7-management",
    .init = {"/opt/erlang/lib/erlang/erts-14.2.5/bin/beam.smp",
             "-W w -MBas ageffcbf -MHas ageffcbf -MBlmbcs 512 -MHlmbcs 512 -MMmcs 30 -pc unicode -P 1048576 "
             "-t 5000000 -stbt db -zdbbl 128000 -sbwt none -sbwtdcpu none -sbwtdio none -B i -- -root /opt/erlang/lib/erlang "
             "-bindir /opt/erlang/lib/erlang/erts-14.2.5/bin -progname erl -- -home /var/lib/rabbitmq -- "
             "-pa  -noshell -noinput -s rabbit boot -boot start_sasl -syslog logger [] -syslog syslog_error_logger false "
             "-kernel prevent_overlapping_partitions false"},
    .cwd = "/var/lib/rabbitmq",
    .uid = 999,
    .probe = {{"/bin/sh", "-c \"rabbitmq-diagnostics -q ping\""},
              30,
              {"/opt/rabbitmq/sbin/rabbitmq-diagnostics", "/opt/rabbitmq/sbin/rabbitmq-diagnostics -q ping"},
              false},
}};

constexpr Label kPromLabels[] = {{"app.kubernetes.io/component", "server"},
                                 {"app.kubernetes.io/instance", "prometheus"},
                                 {"app.kubernetes.io/name", "prometheus"}};
constexpr ContainerSpec kPrometheus[] = {
    {
        .name = "prometheus-server",
        .image = "quay.io/prometheus/prometheus:v2.54.1",
        .init = {"/bin/prometheus",
                 "--storage.tsdb.retention.time=15d --config.file=/etc/config/prometheus.yml "
                 "--storage.tsdb.path=/data --web.console.libraries=/etc/prometheus/console_libraries "
                 "--web.console.templates=/etc/prometheus/consoles --web.enable-lifecycle"},
        .cwd = "/prometheus",
        .uid = 65534,
    },
    {
        .name = "prometheus-server-configmap-reload",
        .image = "quay.io/prometheus-operator/prometheus-config-reloader:v0.76.0",
        .init = {"/bin/prometheus-config-reloader",
                 "--watched-dir=/etc/config --reload-url=http://127.0.0.1:9090/-/reload"},
        .cwd = "/",
        .uid = 65534,
    },
};

constexpr Label kGrafanaLabels[] = {{"app.kubernetes.io/instance", "grafana"}, {"app.kubernetes.io/name", "grafana"}};
constexpr ContainerSpec kGrafana[] = {{
    .name = "grafana",
    .image = "docker.io/grafana/grafana:11.2.2",
    .init = {"/usr/share/grafana/bin/grafana",
             "server --homepath=/usr/share/grafana --config=/etc/grafana/grafana.ini --packaging=docker "
             "cfg:default.log.mode=console cfg:default.paths.data=/var/lib/grafana"},
    .cwd = "/usr/share/grafana",
    .uid = 472,
}};

constexpr Label kIngressLabels[] = {{"app.kubernetes.io/component", "controller"},
                                   {"app.kubernetes.io/instance", "ingress-nginx"},
                                   {"app.kubernetes.io/name", "ingress-nginx"}};
constexpr Cmd kIngressCmds[] = {
    {"/usr/bin/nginx", "-c /etc/nginx/nginx.conf -t", 2, false},
    {"/usr/bin/nginx", "-c /etc/nginx/nginx.conf -s reload", 1, false},
};
constexpr ContainerSpec kIngress[] = {{
    .name = "controller",
    .image = "registry.k8s.io/ingress-nginx/controller:v1.11.3",
    .init = {"/nginx-ingress-controller",
             "--publish-service=ingress-nginx/ingress-nginx-controller --election-id=ingress-nginx-leader "
             "--controller-class=k8s.io/ingress-nginx --ingress-class=nginx "
             "--configmap=ingress-nginx/ingress-nginx-controller --validating-webhook=:8443 "
             "--validating-webhook-certificate=/usr/local/certificates/cert "
             "--validating-webhook-key=/usr/local/certificates/key"},
    .cwd = "/etc/nginx",
    .uid = 101,
    .cmds = kIngressCmds,
    .cmds_per_hour = 12,
}};

constexpr Label kWebLabels[] = {{"app", "docs-site"}};
constexpr ContainerSpec kWeb[] = {{
    .name = "nginx",
    .image = "docker.io/library/nginx:1.27.2",
    .init = {"/docker-entrypoint.sh", "/docker-entrypoint.sh nginx -g \"daemon off;\""},
    .cwd = "/",
    .probe = {{"/bin/cat", "/tmp/healthy"}, 20, {}, false},
    .connects = false,
}};

constexpr Cmd kRunnerCmds[] = {
    {"/usr/bin/git", "fetch --prune --depth=50 origin +refs/heads/main:refs/remotes/origin/main", 3, false},
    {"/usr/bin/git", "commit -m \"fix: gérer les résumés vides — ticket #4821\"", 1, false},
    {"/usr/bin/make", "test", 2, true},
    {"/usr/local/go/bin/go", "build -trimpath -ldflags \"-s -w -X main.version=1.4.2\" -o /builds/out/app ./cmd/app",
     2, false},
    {"/usr/bin/stat", "/builds/cache/\xEF\xBF\xBD\xEF\xBF\xBDindex.bin", 1, false},
    {"/usr/bin/tar", "-czf /builds/artifacts/report.tgz /builds/out", 1, true},
    {"/usr/bin/env", " \"GOFLAGS=-mod=mod -trimpath\" go vet ./...", 1, false},
    {"/usr/local/bin/python3", "-c \"import sys\tprint('\x1b[32mgreen\x1b[0m')\"", 1, false},
};
constexpr Label kRunnerLabels[] = {{"app", "ci-runner"}, {"release", "gitlab-runner"}};
constexpr ContainerSpec kRunner[] = {{
    .name = "build",
    .image = "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.4.0",
    .init = {"/usr/bin/dumb-init", "/entrypoint run --user=gitlab-runner --working-directory=/builds"},
    .cwd = "/builds",
    .uid = 1000,
    .cmds = kRunnerCmds,
    .cmds_per_hour = 120,
}};

constexpr Label kDebugLabels[] = {{"run", "node-debugger"}};
constexpr ContainerSpec kDebug[] = {{
    .name = "netshoot",
    .image = "docker.io/nicolaka/netshoot:v0.13",
    .init = {"/bin/sleep", "3650d"},
    .cwd = "/root",
    .privileged = true,
    .connects = false,
}};

constexpr Cmd kReportCmds[] = {
    {"/usr/local/bin/python3", "/app/generate_report.py --date {date} --format pdf", 2, false},
    {"/usr/bin/aws", "s3 cp /tmp/report-{date}.pdf s3://example-reports/daily/", 1, true},
};
constexpr Label kReportLabels[] = {{"app", "nightly-report"}};
constexpr ContainerSpec kReport[] = {{
    .name = "report",
    .image = "ghcr.io/example-shop/report-generator:0.9.3",
    .init = {"/usr/local/bin/python3", "/app/worker.py --queue reports"},
    .cwd = "/app",
    .uid = 1000,
    .cmds = kReportCmds,
    .cmds_per_hour = 20,
}};

constexpr WorkloadSpec kWorkloads[] = {
    {"kube-system", "aws-node", Kind::DaemonSet, 1, kEks, kAwsNode, kAwsNodeLabels, false},
    {"kube-system", "kube-proxy", Kind::DaemonSet, 1, 0, kKubeProxy, kKubeProxyLabels, false},
    {"kube-system", "coredns", Kind::Deployment, 2, 0, kCoredns, kCorednsLabels, false},
    {"kube-system", "cilium", Kind::DaemonSet, 1, 0, kCilium, kCiliumLabels, false},
    {"tetragon", "tetragon", Kind::DaemonSet, 1, 0, kTetragon, kTetragonLabels, false},
    {"monitoring", "prometheus-node-exporter", Kind::DaemonSet, 1, 0, kNodeExporter, kNodeExporterLabels, false},
    {"logging", "fluent-bit", Kind::DaemonSet, 1, 0, kFluentBit, kFluentBitLabels, false},
    {"payments", "payments-api", Kind::Deployment, 4, 0, kPayments, kPaymentsLabels, true},
    {"shop", "frontend", Kind::Deployment, 4, 0, kFrontend, kFrontendLabels, true},
    {"shop", "cart", Kind::Deployment, 3, 0, kCart, kCartLabels, true},
    {"shop", "checkout", Kind::Deployment, 3, 0, kCheckout, kCheckoutLabels, true},
    {"data", "orders-db-postgresql", Kind::StatefulSet, 2, 0, kPostgres, kPostgresLabels, true},
    {"data", "cache-redis", Kind::StatefulSet, 3, 0, kRedis, kRedisLabels, true},
    {"data", "events-kafka", Kind::StatefulSet, 3, 0, kKafka, kKafkaLabels, true},
    {"logging", "elasticsearch-master", Kind::StatefulSet, 3, 0, kElasticsearch, kEsLabels, true},
    {"messaging", "orders-bus-server", Kind::StatefulSet, 2, 0, kRabbit, kRabbitLabels, true},
    {"monitoring", "prometheus-server", Kind::Deployment, 1, 0, kPrometheus, kPromLabels, true},
    {"monitoring", "grafana", Kind::Deployment, 1, 0, kGrafana, kGrafanaLabels, true},
    {"ingress-nginx", "ingress-nginx-controller", Kind::Deployment, 2, 0, kIngress, kIngressLabels, true},
    {"default", "docs-site", Kind::Deployment, 2, 0, kWeb, kWebLabels, true},
    {"ci", "gitlab-runner", Kind::Deployment, 2, 0, kRunner, kRunnerLabels, true},
    {"default", "node-debugger", Kind::Pod, 1, 0, kDebug, kDebugLabels, true},
    {"batch", "nightly-report", Kind::CronJob, 1, 0, kReport, kReportLabels, true},
};

// ---- host -------------------------------------------------------------------

constexpr HostCmd kHostCmds[] = {
    {{"/usr/bin/mount",
      "-t tmpfs -o size=3958640k tmpfs /var/lib/kubelet/pods/{uuid}/volumes/kubernetes.io~projected/kube-api-access-{k5}"},
     "/",
     HostParent::Kubelet,
     4,
     {}},
    {{"/usr/bin/umount", "/var/lib/kubelet/pods/{uuid}/volumes/kubernetes.io~projected/kube-api-access-{k5}"},
     "/",
     HostParent::Kubelet,
     3,
     {}},
    {{"/usr/sbin/iptables", "-w 5 -W 100000 -N KUBE-KUBELET-CANARY -t mangle"}, "/", HostParent::Kubelet, 3, {}},
    {{"/usr/sbin/ip6tables", "-w 5 -W 100000 -N KUBE-KUBELET-CANARY -t nat"}, "/", HostParent::Kubelet, 2, {}},
    {{"/usr/bin/nice",
      "-n 19 du -x -s -B 1 /var/lib/kubelet/pods/{uuid}/volumes/kubernetes.io~empty-dir/tmp"},
     "/",
     HostParent::Kubelet,
     2,
     {"/usr/bin/du", "-x -s -B 1 /var/lib/kubelet/pods/{uuid}/volumes/kubernetes.io~empty-dir/tmp"}},
    {{"/usr/bin/systemd-tmpfiles", "--clean"}, "/", HostParent::Systemd, 1, {}},
    {{"/usr/lib/systemd/systemd-hostnamed", ""}, "/", HostParent::Systemd, 1, {}},
    {{"/usr/sbin/logrotate", "/etc/logrotate.conf"}, "/", HostParent::Systemd, 1,
     {"/bin/gzip", "-f /var/log/containers/{k5}.log.1"}},
    {{"/usr/bin/journalctl", "--vacuum-size=500M"}, "/", HostParent::Systemd, 1, {}},
    {{"/sbin/modprobe", "-q -- fs-xfs"}, "/", HostParent::Kernel, 1, {}},
    {{"/sbin/modprobe", "-q -- net-pf-10"}, "/", HostParent::Kernel, 1, {}},
    {{"/bin/sh", "-c \"/usr/lib64/sa/sa1 1 1\""}, "/root", HostParent::Cron, 2,
     {"/usr/lib64/sa/sa1", "/usr/lib64/sa/sa1 1 1"}},
    {{"/usr/sbin/ethtool", "-S eth0"}, "/", HostParent::Systemd, 1, {}},
    {{"/usr/bin/crictl", "ps -a --state running -o json"}, "/home/ec2-user", HostParent::Sshd, 1, {}},
    {{"/usr/bin/containerd-shim-runc-v2", "-namespace k8s.io -address /run/containerd/containerd.sock -publish-binary /usr/bin/containerd delete"},
     "/run/containerd/io.containerd.runtime.v2.task/k8s.io/{hex64}",
     HostParent::Containerd,
     2,
     {}},
};

constexpr FlavorSpec kFlavors[] = {
    {Flavor::Eks, "/usr/sbin/runc", "/usr/bin/containerd-shim-runc-v2", "/usr/bin/containerd", "",
     "/usr/bin/kubelet",
     "--config=/etc/kubernetes/kubelet/kubelet-config.json --kubeconfig=/var/lib/kubelet/kubeconfig "
     "--container-runtime-endpoint=unix:///run/containerd/containerd.sock "
     "--image-credential-provider-config=/etc/eks/image-credential-provider/config.json "
     "--image-credential-provider-bin-dir=/etc/eks/image-credential-provider --node-ip={nodeip} "
     "--pod-infra-container-image=602401143452.dkr.ecr.{region}.amazonaws.com/eks/pause:3.5 --v=2 "
     "--hostname-override={node} --cloud-provider=external "
     "--node-labels=eks.amazonaws.com/sourceLaunchTemplateVersion=1,alpha.eksctl.io/cluster-name={cluster},"
     "alpha.eksctl.io/nodegroup-name=ng-default,eks.amazonaws.com/nodegroup-image=ami-0339636baccc3c183,"
     "eks.amazonaws.com/capacityType=ON_DEMAND,eks.amazonaws.com/nodegroup=ng-default --max-pods=58",
     "--switched-root --system --deserialize 21", "602401143452.dkr.ecr.{region}.amazonaws.com/eks/pause:3.5"},
    {Flavor::Gke, "/home/kubernetes/bin/runc", "/usr/bin/containerd-shim-runc-v2", "/usr/bin/containerd", "",
     "/home/kubernetes/bin/kubelet",
     "--v=2 --cloud-provider=external --experimental-mounter-path=/home/kubernetes/containerized_mounter/mounter "
     "--cert-dir=/var/lib/kubelet/pki/ --kubeconfig=/var/lib/kubelet/kubeconfig --max-pods=110 "
     "--volume-plugin-dir=/home/kubernetes/flexvolume --node-status-max-images=25 "
     "--container-runtime-endpoint=unix:///run/containerd/containerd.sock --runtime-cgroups=/system.slice/containerd.service "
     "--registry-qps=10 --registry-burst=20 --config /home/kubernetes/kubelet-config.yaml "
     "--pod-sysctls=net.core.somaxconn=1024,net.ipv4.conf.all.accept_redirects=0,net.ipv4.conf.all.forwarding=1 "
     "--hostname-override={node} --node-ip={nodeip}",
     "noresume noswap cros_efi", "gke.gcr.io/pause:3.8@sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830"},
    {Flavor::Kind, "/usr/local/sbin/runc", "/usr/local/bin/containerd-shim-runc-v2", "/usr/local/bin/containerd", "",
     "/usr/bin/kubelet",
     "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf "
     "--config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///run/containerd/containerd.sock "
     "--node-ip={nodeip} --node-labels= --pod-infra-container-image=registry.k8s.io/pause:3.9 "
     "--provider-id=kind://docker/{cluster}/{node} --runtime-cgroups=/system.slice/containerd.service",
     "", "registry.k8s.io/pause:3.9"},
};

}  // namespace

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::Deployment: return "Deployment";
    case Kind::DaemonSet: return "DaemonSet";
    case Kind::StatefulSet: return "StatefulSet";
    case Kind::Job: return "Job";
    case Kind::CronJob: return "CronJob";
    case Kind::Pod: return "Pod";
  }
  return "Pod";
}

std::span<const WorkloadSpec> workloads() { return kWorkloads; }
std::span<const HostCmd> host_commands() { return kHostCmds; }
const FlavorSpec& flavor_spec(Flavor f) { return kFlavors[static_cast<size_t>(f)]; }

}  // namespace rulejit::bench::catalog
