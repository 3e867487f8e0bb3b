// @uk/test-utils: what uk's tests share (see README.md). The build steps a
// test runs come from @uk/build itself.
export { tempDir } from './temp.js';
export { built, needTool, packageDir, repoRoot, runProgram, runUk, ukCli, type RunResult } from './process.js';
export { bootImage, haveQemu, kvmUsable, qemuStatus, QEMU, type BootOptions, type BootResult } from './qemu.js';
export { api, failure, lib, makeFixture, platform, ws, type Fixture, type PkgSpec } from './fixture.js';
export { HttpConnection, httpGet, httpUpload, keepAliveLoad, patternSha256, type HttpResponse, type LoadResult } from './http-client.js';
export { freePort, startUkServer, stopUkServer, type UkServer, type UkServerOptions } from './http-server.js';
export { docBlock, docBlocks } from './doc-blocks.js';
export { makeHello, makeHelloWithModel } from './hello.js';
// Apps made on the fly (a copy of an app with another manifest): @uk/build's writer, for tests of apps that do not depend on @uk/build.
export { installedPackages, writeScratchApp } from '@uk/build/workspace';
export { launchUk, splitTrace, ukLauncher, type LaunchedRun } from './launcher.js';
export { linkOnHostPlatform, type HostPlatformProgram } from './native.js';
