// Packaging for Windows (NSIS) and Linux (deb, AppImage). Every Electron fuse is an explicit choice.
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'vn.tiepdon.desk',
  productName: 'Tiếp đón',
  executableName: 'tiepdon',
  directories: { output: 'release', buildResources: 'build' },
  // resources/trust is the default trust list, read beside package.json (src-main/trust/default-trust.ts).
  files: ['out/**', 'package.json', 'resources/trust/**', '!**/*.map'],
  // What the demo reads (src-main/demo/demo.ts → demoResources), as `resources/demo/`: synthetic personas,
  // the test CSCAs' certificates, the demo facility certificate, the BHYT records. Never a private key of
  // the test PKI (*.key.pem): those sign cards, and nothing installed may be able to make one.
  extraResources: [
    {
      from: 'fixtures',
      to: 'demo',
      filter: [
        'personas/sources/*.json',
        'personas/chips/*.json',
        'pki/test-csca.pem',
        'pki/test-csca-rsa.pem',
        'pki/facility-01001.p12',
        'pki/facility-01001.crt.pem',
        'bhyt/records.json',
        '!**/*.key.pem',
      ],
    },
  ],
  asar: true,
  // Native modules are loaded by the OS loader, which cannot read inside an asar archive.
  asarUnpack: ['**/node_modules/better-sqlite3/**', '**/node_modules/smartcard/**', '**/*.node'],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  win: { target: [{ target: 'nsis', arch: ['x64'] }] },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
  linux: {
    target: ['deb', 'AppImage'],
    category: 'Office',
    maintainer: 'Tiếp đón <support@tiepdon.invalid>',
  },
  // pcscd provides PC/SC on Linux; Windows has its own Smart Card service.
  deb: { depends: ['pcscd', 'libpcsclite1'] },
};

export default config;
