/**
 * What compose keys mean, in Dockhand's own words, by where they sit. Completion and hover read this; keys
 * the table does not describe fall back to their shape from the schema. Links go to Docker's Compose
 * file reference.
 */

export type DocContext = 'top' | 'service' | 'build' | 'healthcheck' | 'deploy' | 'network' | 'volume' | 'secret' | 'config'
  | 'include' | 'develop' | 'depends_on' | 'port' | 'logging' | 'extends' | 'serviceVolume';

const R = 'https://docs.docker.com/reference/compose-file/';

/** Reference page (and anchor) for a key in a context. */
export function referenceUrl(context: DocContext | undefined, key: string): string {
  switch (context) {
    case 'top':
      if (key === 'version' || key === 'name') return `${R}version-and-name/`;
      if (['services', 'networks', 'volumes', 'secrets', 'configs', 'include', 'models'].includes(key)) return `${R}${key}/`;
      return `${R}extension/`;
    case 'build': return `${R}build/#${key}`;
    case 'deploy': return `${R}deploy/#${key}`;
    case 'develop': return `${R}develop/`;
    case 'network': return `${R}networks/#${key}`;
    case 'volume': return `${R}volumes/#${key}`;
    case 'secret': return `${R}secrets/`;
    case 'config': return `${R}configs/`;
    case 'include': return `${R}include/`;
    case 'healthcheck': return `${R}services/#healthcheck`;
    case 'depends_on': return `${R}services/#depends_on`;
    case 'port': return `${R}services/#ports`;
    case 'logging': return `${R}services/#logging`;
    case 'extends': return `${R}services/#extends`;
    case 'serviceVolume': return `${R}services/#volumes`;
    default: return `${R}services/#${key}`;
  }
}

export const KEY_DOCS: Readonly<Record<DocContext, Readonly<Record<string, string>>>> = {
  top: {
    version: 'Obsolete. Compose ignores it and warns; remove it.',
    name: 'The project name: prefixes container, network and volume names. `-p` or `COMPOSE_PROJECT_NAME` win over it.',
    include: 'Other compose files whose services, networks and volumes join this project, each resolved relative to its own folder.',
    services: 'The containers of the application, one entry per service; each entry says how to get its image and how to run it.',
    models: 'AI models the services use, pulled and served by Docker Model Runner.',
    networks: 'Networks services can join. Every project also gets a `default` network that services join unless they name others.',
    volumes: 'Named volumes services can mount. Data in them outlives containers; `docker compose down -v` removes them.',
    secrets: 'Sensitive values (from a file or an environment variable) that services get as files under `/run/secrets/`.',
    configs: 'Non-sensitive configuration (a file, inline content or an environment variable) that services get as files.',
  },
  service: {
    annotations: 'Annotations set on the container (OCI metadata, like labels but for runtimes).',
    attach: 'Whether `up` attaches to this service\'s output and streams its logs. Default true.',
    blkio_config: 'Block IO limits: weights and read/write rates per device.',
    build: 'How to build the image: a context path, or a mapping with context, dockerfile, args, target and more. With `image` too, the built image gets that name.',
    cap_add: 'Linux capabilities to add to the container (`NET_ADMIN`, `SYS_PTRACE`, …).',
    cap_drop: 'Linux capabilities to remove from the container (`ALL` removes every one).',
    cgroup: 'The cgroup namespace: `host` or `private`.',
    cgroup_parent: 'The parent cgroup of the container.',
    command: 'Replaces the image\'s CMD. A string runs through the image\'s shell form rules; a list is exec form.',
    configs: 'Configs (from the top-level `configs`) mounted into this container, by name or with source/target/mode.',
    container_name: 'A fixed container name instead of `<project>-<service>-<n>`. The service then cannot scale beyond one.',
    cpu_count: 'Number of CPUs usable (Windows containers).',
    cpu_percent: 'Usable percentage of the CPUs (Windows containers).',
    cpu_shares: 'Relative CPU weight against other containers (default 1024).',
    cpu_quota: 'CPU time in microseconds the container may use per `cpu_period`.',
    cpu_period: 'Length of the CFS scheduler period in microseconds.',
    cpu_rt_period: 'Real-time scheduler period in microseconds.',
    cpu_rt_runtime: 'Real-time scheduler runtime in microseconds.',
    cpus: 'How many CPUs the container may use, as a decimal (`1.5`).',
    cpuset: 'Which CPUs the container may run on (`0-3`, `0,2`).',
    credential_spec: 'Credential spec for a managed service account (Windows containers).',
    depends_on: 'Services to start before this one. The long form can wait until a dependency is healthy or has completed.',
    deploy: 'Replicas, resources, restart and update policy, placement: the deployment settings.',
    develop: 'Settings for `docker compose watch`: which files to sync into the container or rebuild on.',
    device_cgroup_rules: 'Device cgroup rules (`c 1:3 mr`) for the container.',
    devices: 'Host devices to expose inside the container (`/dev/ttyUSB0:/dev/ttyUSB0`), or CDI device names.',
    dns: 'DNS servers the container uses instead of the engine\'s.',
    dns_opt: 'Options written to the container\'s resolv.conf.',
    dns_search: 'DNS search domains.',
    domainname: 'The container\'s domain name.',
    entrypoint: 'Replaces the image\'s ENTRYPOINT (and clears its CMD unless `command` is set).',
    env_file: 'Files of `KEY=VALUE` lines added to the container\'s environment, relative to the compose file. `environment` wins over them.',
    environment: 'Environment variables of the container, as a mapping or a list of `KEY=VALUE`. A key without value takes it from the shell.',
    expose: 'Ports the container listens on, for other services; they are not published to the host.',
    extends: 'Start from another service\'s configuration (in this file or another) and override parts of it.',
    external_links: 'Link to containers started outside this project (legacy).',
    extra_hosts: 'Entries added to the container\'s /etc/hosts (`host.docker.internal:host-gateway`).',
    gpus: 'GPUs to give the container: `all` or a list of device requests.',
    group_add: 'Additional groups (names or ids) for the container\'s user.',
    healthcheck: 'A command the engine runs periodically to tell whether the container is healthy (test, interval, timeout, retries, start_period).',
    hostname: 'The container\'s host name.',
    image: 'The image to run, as `name[:tag|@digest]`. With `build`, the name given to the built image.',
    init: 'Run a tiny init process as PID 1 that forwards signals and reaps zombie processes.',
    ipc: 'IPC namespace mode: `shareable`, `host` or `service:<name>`.',
    isolation: 'Container isolation technology (Windows: `process` or `hyperv`).',
    label_file: 'Files of `KEY=VALUE` lines added as container labels.',
    labels: 'Metadata labels on the container (a mapping or a list of `KEY=VALUE`).',
    links: 'Legacy links to other services (`service` or `service:alias`); networks already make every service reachable by name.',
    logging: 'Which log driver the container uses and its options.',
    mac_address: 'The container\'s MAC address.',
    mem_limit: 'The most memory the container may use (`512m`, `2g`).',
    mem_reservation: 'Memory the container is guaranteed under pressure.',
    mem_swappiness: 'How readily the kernel swaps the container\'s memory (0–100).',
    memswap_limit: 'Memory plus swap the container may use; `-1` is unlimited.',
    models: 'Models (from the top-level `models`) this service uses; their endpoints reach it as environment variables.',
    network_mode: 'Network mode: `bridge`, `host`, `none`, `service:<name>` or `container:<id>`. Excludes `networks`.',
    networks: 'Networks the service joins (names from the top-level `networks`), optionally with aliases and fixed addresses.',
    oom_kill_disable: 'Stop the kernel\'s OOM killer from killing this container.',
    oom_score_adj: 'Adjust the container\'s OOM score (-1000 to 1000).',
    pid: 'PID namespace: `host` shares the host\'s processes.',
    pids_limit: 'The most processes the container may run; `-1` is unlimited.',
    platform: 'Platform of the image to pull or build (`linux/amd64`, `linux/arm64`).',
    ports: 'Ports published on the host: `[ip:][host:]container[/protocol]`, or the long form with target and published.',
    post_start: 'Commands to run inside the container right after it starts.',
    pre_stop: 'Commands to run inside the container before it stops.',
    privileged: 'Give the container nearly all host capabilities. Avoid unless needed.',
    profiles: 'Profiles this service belongs to: it starts only when one of them is enabled (`--profile`, `COMPOSE_PROFILES`).',
    provider: 'Let an external provider (a plugin) manage this service instead of a container.',
    pull_policy: 'When to pull the image: `always`, `never`, `missing` (default), `build`, `daily`, `weekly` or `every_<duration>`.',
    pull_refresh_after: 'How old a pulled image may be before Compose pulls it again.',
    read_only: 'Mount the container\'s root file system read-only.',
    restart: 'Restart policy: `no` (default), `always`, `on-failure[:max]` or `unless-stopped`.',
    runtime: 'The OCI runtime to run the container with (`runc`, `nvidia`, …).',
    scale: 'How many containers of this service to run.',
    secrets: 'Secrets (from the top-level `secrets`) mounted under `/run/secrets/`, by name or with source/target/mode.',
    security_opt: 'Security options: seccomp or AppArmor profiles, `no-new-privileges`, SELinux labels.',
    shm_size: 'Size of `/dev/shm` (`64m`).',
    stdin_open: 'Keep STDIN open (like `docker run -i`).',
    stop_grace_period: 'How long to wait after the stop signal before killing the container (default `10s`).',
    stop_signal: 'Signal that stops the container (default `SIGTERM`, or the image\'s STOPSIGNAL).',
    storage_opt: 'Storage driver options for the container.',
    sysctls: 'Kernel parameters to set in the container (`net.core.somaxconn: 1024`).',
    tmpfs: 'tmpfs mounts inside the container (in memory, gone on stop).',
    tty: 'Allocate a pseudo-terminal (like `docker run -t`).',
    ulimits: 'Resource limits such as `nofile` and `nproc`, as a number or soft/hard.',
    use_api_socket: 'Give the container access to the Docker engine\'s API socket and the CLI\'s credentials.',
    user: 'User (and group) the container\'s process runs as: `name`, `uid`, `uid:gid`.',
    userns_mode: 'User namespace mode: `host` turns remapping off for this container.',
    uts: 'UTS namespace: `host` shares the host\'s host name.',
    volumes: 'Mounts: named volumes, host paths (`./data:/data`) or tmpfs, as `source:target[:mode]` or the long form.',
    volumes_from: 'Mount every volume of another service (`service[:ro]`) or container (`container:name`).',
    working_dir: 'The working directory of the container\'s process, replacing the image\'s WORKDIR.',
  },
  build: {
    context: 'The build context: a folder relative to the compose file, or a Git/HTTP URL. Default `.`.',
    dockerfile: 'The Dockerfile, relative to the context. Default `Dockerfile`.',
    dockerfile_inline: 'The Dockerfile\'s text written right here instead of a file.',
    args: 'Build arguments (Dockerfile ARGs) as a mapping or `KEY=VALUE` list.',
    ssh: 'SSH agent sockets or keys the build may use (`default`).',
    cache_from: 'Images or cache sources to reuse layers from.',
    cache_to: 'Where to export the build cache.',
    additional_contexts: 'Named extra contexts the Dockerfile can use with `COPY --from=<name>` or `FROM <name>`.',
    entitlements: 'Extra privileges the build may use (`network.host`, `security.insecure`).',
    extra_hosts: 'Host name mappings available during the build.',
    isolation: 'Isolation technology of the build (Windows).',
    privileged: 'Run the build with extended privileges.',
    labels: 'Labels on the built image.',
    no_cache: 'Build without reusing the cache.',
    pull: 'Always pull newer base images before building.',
    network: 'Network the build\'s RUN steps use (`host`, `none`).',
    shm_size: 'Size of /dev/shm during the build.',
    target: 'The stage of a multi-stage Dockerfile to build up to.',
    secrets: 'Secrets (from the top-level `secrets`) mounted into the build\'s `RUN --mount=type=secret`.',
    tags: 'More names for the built image, besides `image`.',
    ulimits: 'Resource limits during the build.',
    platforms: 'Platforms to build for (`linux/amd64`, `linux/arm64`).',
    provenance: 'Attach a provenance attestation to the image.',
    sbom: 'Attach an SBOM attestation to the image.',
  },
  healthcheck: {
    test: 'The check: `["CMD", "curl", "-f", "http://localhost"]`, `["CMD-SHELL", "…"]`, or `["NONE"]` to turn the image\'s off.',
    interval: 'Time between checks (`30s`).',
    timeout: 'How long one check may run before it counts as failed.',
    retries: 'Consecutive failures that make the container unhealthy.',
    start_period: 'Grace time after start during which failures do not count.',
    start_interval: 'Time between checks during the start period.',
    disable: 'Turn off the image\'s health check.',
  },
  deploy: {
    mode: '`replicated` (default) or `global` (one container per node, in Swarm).',
    replicas: 'How many containers of the service to run.',
    resources: 'CPU, memory, pids and device (GPU) limits and reservations.',
    restart_policy: 'When and how often to restart containers (condition, delay, max_attempts, window).',
    update_config: 'How to roll out updates (Swarm).',
    rollback_config: 'How to roll back a failed update (Swarm).',
    placement: 'Constraints and preferences for where containers run (Swarm).',
    labels: 'Labels on the service (not its containers).',
    endpoint_mode: 'Service discovery mode: `vip` or `dnsrr` (Swarm).',
  },
  network: {
    name: 'The network\'s real name, instead of `<project>_<key>`.',
    driver: 'Network driver: `bridge` (default), `overlay`, `macvlan`, …',
    driver_opts: 'Options for the driver.',
    ipam: 'IP address management: subnets, gateways, address ranges.',
    external: 'The network exists already; Compose uses it and never creates or removes it.',
    internal: 'No route to the outside world from this network.',
    enable_ipv4: 'Give containers IPv4 addresses on this network.',
    enable_ipv6: 'Give containers IPv6 addresses on this network.',
    attachable: 'Let standalone containers join this network (overlay).',
    labels: 'Labels on the network.',
  },
  volume: {
    name: 'The volume\'s real name, instead of `<project>_<key>`.',
    driver: 'Volume driver (`local` by default).',
    driver_opts: 'Options for the driver (`type`, `device`, `o` for the local driver).',
    external: 'The volume exists already; Compose uses it and never creates or removes it.',
    labels: 'Labels on the volume.',
  },
  secret: {
    name: 'The secret\'s real name on the engine.',
    file: 'File holding the secret, relative to the compose file.',
    environment: 'Environment variable holding the secret.',
    external: 'The secret exists already (Swarm).',
    labels: 'Labels on the secret.',
    driver: 'Secret driver.',
    driver_opts: 'Options for the secret driver.',
    template_driver: 'Template driver that renders the secret.',
  },
  config: {
    name: 'The config\'s real name on the engine.',
    file: 'File holding the config, relative to the compose file.',
    content: 'The config\'s content written inline.',
    environment: 'Environment variable holding the config.',
    external: 'The config exists already (Swarm).',
    labels: 'Labels on the config.',
    template_driver: 'Template driver that renders the config.',
  },
  include: {
    path: 'The compose file(s) to include; several are merged like `-f` files.',
    project_directory: 'Folder that relative paths of the included file resolve against.',
    env_file: 'Env file(s) used to interpolate the included file.',
  },
  develop: {
    watch: 'Rules for `docker compose watch`: a path, an action (`sync`, `rebuild`, `sync+restart`, …) and a target.',
  },
  depends_on: {
    condition: '`service_started` (default), `service_healthy` (waits for its health check) or `service_completed_successfully`.',
    restart: 'Restart this service when the dependency is updated.',
    required: 'When false, a missing or failed dependency only warns.',
  },
  port: {
    target: 'The port inside the container.',
    published: 'The host port (or range); empty picks a free one.',
    host_ip: 'Host address to bind (`127.0.0.1` keeps it local).',
    protocol: '`tcp` (default), `udp` or `sctp`.',
    mode: '`ingress` (Swarm routing mesh) or `host`.',
    app_protocol: 'Application protocol hint (`http`, `grpc`).',
    name: 'A name for the port.',
  },
  logging: {
    driver: 'Log driver: `json-file` (default), `local`, `syslog`, `journald`, `none`, …',
    options: 'Options for the log driver (`max-size`, `max-file`).',
  },
  extends: {
    service: 'The service to start from.',
    file: 'The file that defines it (default: this file).',
  },
  serviceVolume: {
    type: '`volume`, `bind`, `tmpfs`, `npipe`, `cluster` or `image`.',
    source: 'The volume name or host path.',
    target: 'The path inside the container.',
    read_only: 'Mount read-only.',
    bind: 'Bind mount options (propagation, create_host_path, selinux).',
    volume: 'Volume options (nocopy, subpath).',
    tmpfs: 'tmpfs options (size, mode).',
    consistency: 'Mount consistency (macOS).',
  },
};

/** Which doc table describes the keys of a mapping at `path` (services/web/build → build). */
export function docContext(path: readonly string[]): DocContext | undefined {
  if (path.length === 0) return 'top';
  const [section] = path;
  if (section === 'include') return path.length === 2 ? 'include' : undefined;
  const single: Record<string, DocContext> = { networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };
  if (single[section] && path.length === 2) return single[section];
  if (section !== 'services' || path.length < 2) return undefined;
  if (path.length === 2) return 'service';
  const key = path[2];
  if (path.length === 3) {
    const sub: Record<string, DocContext> = { build: 'build', healthcheck: 'healthcheck', deploy: 'deploy', develop: 'develop', logging: 'logging', extends: 'extends' };
    return sub[key];
  }
  if (path.length === 4 && key === 'depends_on') return 'depends_on';
  if (path.length === 4 && key === 'ports') return 'port';
  if (path.length === 4 && key === 'volumes') return 'serviceVolume';
  return undefined;
}
