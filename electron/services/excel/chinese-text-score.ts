/**
 * Everyday Chinese characters in both simplified and traditional forms, weighted towards the
 * vocabulary of statistical tables. Text decoded with the wrong double-byte encoding turns into
 * rare characters, so the share of these tells GB18030 from Big5 without a dictionary.
 */
const COMMON = new Set(
  Array.from(
    '的一是在不了有和人这這中大为為上个個国國我以要他时時来來用们們生到作地于於出就分对對成会會可主发發年动動同工也能下过過子说說产產种種面而方后後多定行学學法所民得经經十三之进進着著等部度家电電力里裡如水化高自二理起小物现現实實加量都两兩体體制机機当當使点點从從业業本去把性好应應开開它合还還因由其些然前外天政四日那社义義事平形相全表间間样樣与與关關各重新线線内內数數正心反明看原又么麼利比或但质質气氣第向道此变變条條只没沒结結解问問意建月公无無系很情者最立代想已通并並提直题題程展五果料象员員位入常文总總次品式活设設及管特件长長求老头頭基资資边邊流路级級少图圖山统統接知较較将將组組见見计計别別期根论論运運农農指几幾九区區强強放决決西被干做必先回则則任取据據处處给給色光门門即保治北造百规規热熱领領七海口东東导導器压壓世金增争爭济濟阶階油思术術极極交受联聯认認六共权權收证證改清己美再采採转轉更单單风風切打白教速花带帶安场場身车車例真务務具万萬每目至达達走积積示议議声聲报報完类類八离離华華名确確才科张張信马馬节節话話米整空元况況今集温溫传傳土许許步群广廣石记記需段研界林律且究观觀越织織装裝影算低持音众眾书書布复復容须須际際商非验驗连連断斷深难難近矿礦千周委素技备備半办辦青省列习習响響约約支般史感劳勞便团團往历歷市克何除消构構府称稱太准準精值号號率族维維划劃选選标標写寫存候亲親快效院查江型按格养養易置派层層片始却卻专專状狀育厂廠京识識适適属屬圆圓包火住调調满滿县縣局照参參红紅细細引听聽该該铁鐵价價严嚴飞飛税稅营營额額售销銷户戶镇鎮乡鄉村街园園亿億项項投模累比减減预預财財零贸貿易固房施竣耗煤款贷貸余餘险險旅游遊待项名称稱单位單位合计計备注註目标標同期上年月日季度上半年前三季度全年工业業企事业總额規上規下',
  ),
);

/**
 * How plausible `text` is as Chinese: +1 per everyday character, −5 per replacement or
 * private-use character (what a wrong decoding produces for unmappable bytes).
 */
export function scoreChineseText(text: string): number {
  let score = 0;
  for (const ch of text) {
    if (COMMON.has(ch)) score += 1;
    else if (ch === '\uFFFD' || (ch >= '\uE000' && ch <= '\uF8FF')) score -= 5;
  }
  return score;
}
