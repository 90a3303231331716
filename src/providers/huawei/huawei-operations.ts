/**
 * The names of the Huawei Cloud calls eipbot makes, as they appear in provider events,
 * the audit trail and metrics, and as the simulator counts them.
 */
export const HuaweiOperation = {
  issueToken: 'POST auth/tokens',
  showEipV1: 'GET publicip',
  listEipsV1: 'GET publicips',
  createEip: 'POST publicips',
  updateEipV1: 'PUT publicip',
  showEipV3: 'GET eip/publicip',
  associateV3: 'POST associate-instance',
  disassociateV3: 'POST disassociate-instance',
  listPorts: 'GET ports',
  showPort: 'GET port',
  listServerNics: 'GET os-interface',
  updateNicVip: 'PUT cloudservers/nics',
} as const;
